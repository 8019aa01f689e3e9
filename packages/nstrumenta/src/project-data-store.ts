/**
 * A listing record's fields, as the platform's `storageObjectFinalize` writes them (plus keys merged by
 * `setDataMetadata`).
 */
export interface DataObjectFields {
  /** The file name (basename). */
  name: string;
  /** The folder relative to `projects/<id>/data`, `""` at the root. */
  dirname: string;
  /** The full storage path, `projects/<id>/data/<rel>`. */
  filePath: string;
  /** The size in bytes, as a decimal string (as the platform stores it). */
  size: string;
  /** The last modification time (ms since the Unix epoch). */
  lastModified: number;
  /** The data id given at upload time, if any. */
  dataId?: string;
  /** Metadata keys given at upload time or merged by `setDataMetadata`. */
  [key: string]: unknown;
}

/** One listing record: `{id, data}` where `id` is the hex sha256 of `data.filePath`. */
export interface DataObject {
  /** The record id: hex sha256 of the full storage path. */
  id: string;
  /** The record fields. */
  data: DataObjectFields;
}

/** A project document (`getProject`): the project's fields plus its `id`. */
export interface ProjectInfo {
  /** The project id (`nst-test`). */
  id: string;
  /** Other project fields (`name`, ...). */
  [key: string]: unknown;
}

/** Options of {@link ProjectDataStore.upload}. */
export interface UploadOptions {
  /** Replace an existing remote file; without it an existing file gives a `ConflictError`. Defaults to `false`. */
  overwrite?: boolean;
  /** Metadata stored with the file (merged into its listing record). Defaults to none. */
  metadata?: Record<string, unknown>;
  /** A data id for later `getDataMetadata`/`setDataMetadata` calls. Defaults to none. */
  dataId?: string;
}

/** What an upload returns. */
export interface UploadResult {
  /** The data-relative remote path written. */
  remotePath: string;
  /** The full storage path, `projects/<id>/data/<rel>`. */
  remoteFilePath: string;
  /** The bytes uploaded (bytes). */
  sizeBytes: number;
}

/** Options of {@link ProjectDataStore.download}. */
export interface DownloadOptions {
  /** Called with the bytes written so far (bytes). Defaults to none. */
  onProgress?: (receivedBytes: number) => void;
}

/** Options of {@link ProjectDataStore.setDataMetadata}. */
export interface SetDataMetadataOptions {
  /** Merge into the existing metadata instead of replacing it. Defaults to `true`. */
  merge?: boolean;
  /** How long the server waits for the record to appear (ms). Defaults to `30000`. */
  timeoutMs?: number;
}

/** Options of {@link ProjectDataStore.waitForListed}. */
export interface WaitForListedOptions {
  /** Give up after this long (ms). Defaults to `60000`. */
  timeoutMs?: number;
  /** Time between listing calls (ms). Defaults to `500`. */
  pollIntervalMs?: number;
}

/**
 * The data interface shared by `NstrumentaClient` (the platform) and `LocalProjectStore`
 * (a folder on disk): list, download, upload with overwrite semantics, metadata. Remote paths are relative
 * to the project's `data/` folder (`Sensor_Log_X/Sensor_Log_X.mcap`); full storage paths
 * (`projects/<id>/data/...`) are accepted too.
 */
export interface ProjectDataStore {
  /** `remote` for the platform client, `local` for the on-disk store. */
  readonly kind: 'remote' | 'local';
  /** The project document. */
  getProject(): Promise<ProjectInfo>;
  /** Every data listing record (eventually consistent on the platform: new uploads appear after a delay). */
  listData(): Promise<DataObject[]>;
  /** Whether a remote file exists (authoritative, not from the listing). */
  exists(remotePath: string): Promise<boolean>;
  /**
   * Downloads a remote file to `localPath` through a temporary file in the same folder, renamed when complete.
   * Resolves to `localPath`.
   */
  download(remotePath: string, localPath: string, options?: DownloadOptions): Promise<string>;
  /** Uploads a local file; an existing remote file without `overwrite` gives a `ConflictError`. */
  upload(localPath: string, remotePath: string, options?: UploadOptions): Promise<UploadResult>;
  /** The listing records carrying `dataId`. */
  getDataMetadata(dataId: string): Promise<DataObjectFields[]>;
  /** Merges (or sets) metadata on the records carrying `dataId`; resolves to the updated records. */
  setDataMetadata(
    dataId: string,
    metadata: Record<string, unknown>,
    options?: SetDataMetadataOptions,
  ): Promise<DataObjectFields[]>;
  /** Polls the listing until `remotePath` appears; resolves to its record. */
  waitForListed(remotePath: string, options?: WaitForListedOptions): Promise<DataObject>;
}
