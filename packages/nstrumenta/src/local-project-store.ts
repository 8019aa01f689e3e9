import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isTemporaryName, writeFileAtomic, writeStreamAtomic } from '@tsc/shared/node';
import { toDataRelativePath } from './data-paths.js';
import { ConflictError, NotFoundError, NstrumentaError, ResponseFormatError, TimeoutError } from './errors.js';
import type {
  DataObject,
  DataObjectFields,
  DownloadOptions,
  ProjectDataStore,
  ProjectInfo,
  SetDataMetadataOptions,
  UploadOptions,
  UploadResult,
  WaitForListedOptions,
} from './project-data-store.js';
import { uploadSourceSize } from './upload-source.js';

/** The folder (inside the root) that holds the store's own records; never listed. */
const STATE_DIR = '.nstrumenta';
const RECORDS_FILE = 'records.json';

/** Options of {@link LocalProjectStore}. */
export interface LocalProjectStoreOptions {
  /** The project id used in full storage paths (`projects/<id>/data/...`). Defaults to `local`. */
  projectId?: string;
}

interface StoredRecord {
  dataId?: string;
  metadata: Record<string, unknown>;
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A project kept in a folder on disk, with the same data interface as {@link NstrumentaClient}: the pipeline
 * and the CLI use it when no API key is set. A remote path `a/b.mcap` is the file `<rootDir>/a/b.mcap`;
 * metadata and data ids live in `<rootDir>/.nstrumenta/records.json`. Every write goes through a temporary
 * file and a rename; uploads without `overwrite` onto an existing file throw {@link ConflictError}. Listing
 * is immediate (no delay as on the platform).
 *
 * @example
 * ```ts
 * import { LocalProjectStore } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * await store.upload('fixtures/seed/basic_synthetic.mcap', 'runs/run.mcap');
 * console.log((await store.listData()).map((record) => record.data.filePath)); // ['projects/local/data/runs/run.mcap']
 * await store.download('runs/run.mcap', 'copy.mcap');
 * ```
 */
export class LocalProjectStore implements ProjectDataStore {
  /** Always `local`. */
  readonly kind = 'local';
  /** The folder holding the project's data (absolute). */
  readonly rootDir: string;
  /** The project id used in full storage paths. */
  readonly projectId: string;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(rootDir: string, { projectId = 'local' }: LocalProjectStoreOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.projectId = projectId;
  }

  /** The local file of a remote path. */
  pathOf(remotePath: string): string {
    return join(this.rootDir, ...toDataRelativePath(remotePath).split('/'));
  }

  /** A project document for the local project: `{ id, name, rootDir }`. */
  async getProject(): Promise<ProjectInfo> {
    return { id: this.projectId, name: this.projectId, rootDir: this.rootDir };
  }

  /**
   * Every file under the root (hidden files and folders excepted), in the platform's listing format.
   *
   * @throws {@link NstrumentaError} when the root is a file.
   */
  async listData(): Promise<DataObject[]> {
    const root = await stat(this.rootDir).catch(() => undefined);
    if (root !== undefined && !root.isDirectory()) {
      throw new NstrumentaError(`${this.rootDir}: expected a folder (or nothing yet), found a file`, {
        endpoint: 'local store',
      });
    }
    const records = await this.#readRecords();
    const found: DataObject[] = [];
    const walk = async (folder: string, prefix: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (entry.name.startsWith('.') || isTemporaryName(entry.name)) continue;
        const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory()) await walk(join(folder, entry.name), rel);
        else if (entry.isFile()) found.push(await this.#object(rel, records[rel]));
      }
    };
    await walk(this.rootDir, '');
    return found;
  }

  /** Whether the file exists. */
  async exists(remotePath: string): Promise<boolean> {
    return (await fileSize(this.pathOf(remotePath))) !== undefined;
  }

  /**
   * Copies a stored file to `localPath` through a temporary file and a rename.
   *
   * @throws {@link NotFoundError} when the file is not in the store.
   */
  async download(remotePath: string, localPath: string, { onProgress }: DownloadOptions = {}): Promise<string> {
    const rel = toDataRelativePath(remotePath);
    const source = this.pathOf(rel);
    if ((await fileSize(source)) === undefined) {
      throw new NotFoundError(`no file ${source}`, { endpoint: 'local download', remotePath: rel });
    }
    if (resolve(localPath) === source) return localPath;
    const stream = createReadStream(source);
    let receivedBytes = 0;
    if (onProgress) {
      stream.on('data', (chunk) => {
        receivedBytes += chunk.length;
        onProgress(receivedBytes);
      });
    }
    await writeStreamAtomic(localPath, stream);
    return localPath;
  }

  /**
   * Copies a local file into the store through a temporary file and a rename.
   *
   * @throws {@link LocalFileError} when `localPath` is not a regular file.
   * @throws {@link ConflictError} when the file exists and `overwrite` is not set.
   */
  async upload(
    localPath: string,
    remotePath: string,
    { overwrite = false, metadata, dataId }: UploadOptions = {},
  ): Promise<UploadResult> {
    const rel = toDataRelativePath(remotePath);
    const target = this.pathOf(rel);
    const sizeBytes = await uploadSourceSize(localPath, { endpoint: 'local upload', remotePath: rel });
    if (!overwrite && (await fileSize(target)) !== undefined) {
      throw new ConflictError('file exists', { endpoint: 'local upload', remotePath: rel });
    }
    if (resolve(localPath) !== target) await writeStreamAtomic(target, createReadStream(localPath));
    await this.#updateRecords((records) => {
      const record: StoredRecord = { metadata: { ...metadata } };
      if (dataId !== undefined) record.dataId = dataId;
      records[rel] = record;
    });
    return { remotePath: rel, remoteFilePath: `projects/${this.projectId}/data/${rel}`, sizeBytes };
  }

  /** The records carrying `dataId`. */
  async getDataMetadata(dataId: string): Promise<DataObjectFields[]> {
    const records = await this.#readRecords();
    const found: DataObjectFields[] = [];
    for (const [rel, record] of Object.entries(records)) {
      if (record.dataId === dataId && (await this.exists(rel))) found.push((await this.#object(rel, record)).data);
    }
    return found;
  }

  /**
   * Merges (or sets) metadata on the records carrying `dataId`.
   *
   * @throws {@link NotFoundError} when no stored file carries `dataId` (at once: there is no delay to wait for).
   */
  async setDataMetadata(
    dataId: string,
    metadata: Record<string, unknown>,
    { merge = true }: SetDataMetadataOptions = {},
  ): Promise<DataObjectFields[]> {
    let changed = 0;
    await this.#updateRecords((records) => {
      for (const record of Object.values(records)) {
        if (record.dataId !== dataId) continue;
        record.metadata = merge ? { ...record.metadata, ...metadata } : { ...metadata };
        changed += 1;
      }
    });
    if (changed === 0) {
      throw new NotFoundError(`no data with dataId ${dataId}`, { endpoint: 'local setDataMetadata' });
    }
    return this.getDataMetadata(dataId);
  }

  /** Resolves to the file's record once it exists (at once when it does). */
  async waitForListed(
    remotePath: string,
    { timeoutMs = 60_000, pollIntervalMs = 500 }: WaitForListedOptions = {},
  ): Promise<DataObject> {
    const rel = toDataRelativePath(remotePath);
    const start = Date.now();
    while ((await fileSize(this.pathOf(rel))) === undefined) {
      if (Date.now() - start >= timeoutMs) {
        throw new TimeoutError(timeoutMs, { endpoint: 'local listData', remotePath: rel });
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    return this.#object(rel, (await this.#readRecords())[rel]);
  }

  async #object(rel: string, record: StoredRecord | undefined): Promise<DataObject> {
    const filePath = `projects/${this.projectId}/data/${rel}`;
    const info = await stat(this.pathOf(rel));
    const slash = rel.lastIndexOf('/');
    const data: DataObjectFields = {
      ...record?.metadata,
      name: rel.slice(slash + 1),
      dirname: slash < 0 ? '' : rel.slice(0, slash),
      filePath,
      size: String(info.size),
      lastModified: Math.round(info.mtimeMs),
    };
    if (record?.dataId !== undefined) data.dataId = record.dataId;
    return { id: createHash('sha256').update(filePath).digest('hex'), data };
  }

  get #recordsPath(): string {
    return join(this.rootDir, STATE_DIR, RECORDS_FILE);
  }

  async #readRecords(): Promise<Record<string, StoredRecord>> {
    let text: string;
    try {
      text = await readFile(this.#recordsPath, 'utf8');
    } catch {
      return {};
    }
    try {
      return JSON.parse(text) as Record<string, StoredRecord>;
    } catch {
      throw new ResponseFormatError('a JSON object of records', text, {
        endpoint: `local ${this.#recordsPath}`,
      });
    }
  }

  /** Read-modify-write of the records file, serialised within this store and written atomically. */
  async #updateRecords(change: (records: Record<string, StoredRecord>) => void): Promise<void> {
    const run = this.#writes.then(async () => {
      const records = await this.#readRecords();
      change(records);
      await writeFileAtomic(this.#recordsPath, `${JSON.stringify(records, null, 2)}\n`);
    });
    this.#writes = run.catch(() => {});
    await run;
  }
}
