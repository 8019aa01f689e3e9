import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { writeStreamAtomic } from '@tsc/shared/node';
import { parseApiKey } from './api-key.js';
import { normalizeRemotePath, toDataRelativePath } from './data-paths.js';
import {
  AuthError,
  ConflictError,
  HttpError,
  IncompleteDownloadError,
  LocalFileError,
  NetworkError,
  NotFoundError,
  type NstrumentaErrorContext,
  ResponseFormatError,
  TimeoutError,
  UploadVerificationError,
} from './errors.js';
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
import { parseRetryAfterMs, RETRYABLE_STATUSES, RetryPolicy, type RetryPolicyOptions } from './retry-policy.js';
import { fileMd5Base64, uploadSourceSize } from './upload-source.js';

/** The smallest chunk of a chunked upload; chunk sizes are multiples of it (bytes). */
export const UPLOAD_CHUNK_GRANULARITY_BYTES = 256 * 1024;

/** Options of {@link NstrumentaClient}. */
export interface NstrumentaClientOptions extends RetryPolicyOptions {
  /** The API key `<secret>:<base64(apiUrl)>`. Defaults to `process.env.NSTRUMENTA_API_KEY`. */
  apiKey?: string;
  /** The `fetch` to use (injectable for tests and proxies). Defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * The time limit of each request (ms): until the response of an API call is complete, and for transfers
   * the longest time without any bytes moving. Defaults to `30000`.
   */
  timeoutMs?: number;
  /**
   * Files of at least this size are uploaded in chunks (`Content-Range`), resuming after failures without
   * resending what the server has (bytes). Defaults to `Infinity` (one PUT for every file).
   */
  chunkedUploadThresholdBytes?: number;
  /** The chunk size of chunked uploads, rounded down to a multiple of 256 KiB (bytes). Defaults to `8 MiB`. */
  chunkSizeBytes?: number;
  /** Receives one line per retry and session restart (never the key). Defaults to none. */
  log?: (message: string) => void;
}

/** Options of {@link NstrumentaClient.getUploadUrl}. */
export interface GetUploadUrlOptions {
  /** Accept an existing file (it is replaced when the upload completes). Defaults to `false`. */
  overwrite?: boolean;
  /** Metadata stored with the file. Defaults to none. */
  metadata?: Record<string, unknown>;
  /** A data id stored with the file. Defaults to none. */
  dataId?: string;
}

/** An upload session issued by `getUploadDataUrl`. */
export interface UploadSession {
  /** The resumable upload session URL (send the file there with one PUT, without the API key). */
  uploadUrl: string;
  /** The full storage path the file will have. */
  remoteFilePath: string;
}

interface CallOptions {
  remotePath?: string | undefined;
  /** Whether repeating the call cannot change the outcome: retried on network errors and 5xx too. */
  idempotent: boolean;
  /** A longer time limit for calls the server itself keeps waiting (ms). */
  timeoutMs?: number;
}

/** What an upload session answered: its status, the `Range` it holds and the body (the object JSON on 200/201). */
interface SessionReply {
  status: number;
  range: string | null;
  body: string;
}

/** An idle timer bound to an AbortController. */
class Deadline {
  readonly controller = new AbortController();
  timedOut = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number) {
    this.reset();
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

const retryAfterByError = new WeakMap<object, number>();

function statusError(status: number, body: string, context: NstrumentaErrorContext): HttpError {
  if (status === 401) return new AuthError(body, context);
  if (status === 404) return new NotFoundError(body, context);
  if (status === 409) return new ConflictError(body, context);
  return new HttpError(status, body, context);
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Whether a failed attempt may be repeated for an idempotent step. */
function isTransient(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof NetworkError || error instanceof IncompleteDownloadError) {
    return true;
  }
  return error instanceof HttpError && RETRYABLE_STATUSES.has(error.status);
}

/** Reads the download URL from a body that is plain text, a JSON string, `{url}` or `{downloadUrl}`. @internal */
export function parseDownloadUrl(body: string, context: NstrumentaErrorContext): string {
  let value: unknown = body.trim();
  const text = value as string;
  if (text.startsWith('"') || text.startsWith('{')) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ResponseFormatError('a URL, a JSON string, {url} or {downloadUrl}', body, context);
    }
    if (typeof value === 'object' && value !== null) {
      const record = value as { url?: unknown; downloadUrl?: unknown };
      value = record.downloadUrl ?? record.url;
    }
  }
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) {
    throw new ResponseFormatError('an http(s) download URL', body, context);
  }
  return value.trim();
}

/** A storage URL for messages: origin and path, never the query (which holds the signature). */
function storageEndpoint(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `storage ${method} ${parsed.origin}${parsed.pathname}`;
  } catch {
    return `storage ${method}`;
  }
}

/** The fields of a stored object a completed upload session reports, or `undefined` when the body is not JSON. */
function parseStoredObject(body: string): { size?: unknown; md5Hash?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a `Range: bytes=0-N` header into the next offset to send (`N + 1`, or `0` when absent). */
function nextOffsetFromRange(range: string | null): number {
  const match = range === null ? null : /bytes=\d+-(\d+)/.exec(range);
  return match ? Number(match[1]) + 1 : 0;
}

/**
 * A typed client for the Nstrumenta data platform (the "Gen A" REST API): every call is `POST <apiUrl>/<function>`
 * with the `x-api-key` header. Downloads and uploads go to signed storage URLs without the key.
 *
 * Robust where the reference clients were not: per-request time limits, retries with exponential backoff and
 * seeded jitter on network errors, 429 (honouring `Retry-After`), 500, 502, 503 and 504 for idempotent
 * steps; downloads land in a temporary file that is checked and renamed; uploads stream the file in one PUT
 * (or in resumable chunks) and resume after failures by asking the session what it has.
 *
 * @example
 * ```ts
 * import { NstrumentaClient } from '@tsc/nstrumenta';
 *
 * const client = new NstrumentaClient(); // key from NSTRUMENTA_API_KEY
 * const project = await client.getProject(); // { id: 'nst-test', ... }
 * await client.download('Sensor_Log_X.mcap', 'data/Sensor_Log_X.mcap');
 * await client.upload('out.mcap', 'Sensor_Log_X/Sensor_Log_X.classification.mcap', { overwrite: true });
 * ```
 */
export class NstrumentaClient implements ProjectDataStore {
  /** Always `remote`. */
  readonly kind = 'remote';
  /** The server URL decoded from the key, without a trailing `/`. */
  readonly apiUrl: string;
  /** The per-request time limit (ms). */
  readonly timeoutMs: number;
  readonly #secret: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #retry: RetryPolicy;
  readonly #chunkedUploadThresholdBytes: number;
  readonly #chunkSizeBytes: number;
  readonly #log: (message: string) => void;

  constructor({
    apiKey = process.env.NSTRUMENTA_API_KEY,
    fetch = globalThis.fetch,
    timeoutMs = 30_000,
    chunkedUploadThresholdBytes = Number.POSITIVE_INFINITY,
    chunkSizeBytes = 8 * 1024 * 1024,
    log = () => {},
    ...retryOptions
  }: NstrumentaClientOptions = {}) {
    const { secret, apiUrl } = parseApiKey(apiKey);
    this.#secret = secret;
    this.apiUrl = apiUrl;
    this.#fetch = fetch;
    this.timeoutMs = timeoutMs;
    this.#retry = new RetryPolicy(retryOptions);
    this.#chunkedUploadThresholdBytes = chunkedUploadThresholdBytes;
    this.#chunkSizeBytes = Math.max(
      UPLOAD_CHUNK_GRANULARITY_BYTES,
      Math.floor(chunkSizeBytes / UPLOAD_CHUNK_GRANULARITY_BYTES) * UPLOAD_CHUNK_GRANULARITY_BYTES,
    );
    this.#log = log;
  }

  /** The project document (`getProject`), e.g. `{ id: 'nst-test', name: ... }`. */
  async getProject(): Promise<ProjectInfo> {
    const body = await this.#call('getProject', undefined, { idempotent: true });
    const project = this.#json(body, 'getProject') as ProjectInfo;
    if (typeof project !== 'object' || project === null || typeof project.id !== 'string') {
      throw new ResponseFormatError('a project document with an id', body, { endpoint: 'getProject' });
    }
    return project;
  }

  /** Checks the key with the server (`verifyApiKey`); resolves to the project id the server reports. */
  async verifyApiKey(): Promise<string> {
    return (await this.#call('verifyApiKey', undefined, { idempotent: true })).trim();
  }

  /** Every data listing record (`listStorageObjects {type: "data"}`); new uploads appear after a delay. */
  async listData(): Promise<DataObject[]> {
    const body = await this.#call('listStorageObjects', { type: 'data' }, { idempotent: true });
    const list = this.#json(body, 'listStorageObjects');
    const isRecord = (item: unknown) => {
      const data = (item as { data?: { name?: unknown; filePath?: unknown } } | null)?.data;
      return typeof data?.name === 'string' && typeof data.filePath === 'string';
    };
    if (!Array.isArray(list) || !list.every(isRecord)) {
      throw new ResponseFormatError('an array of {id, data: {name, filePath, ...}} records', body, {
        endpoint: 'listStorageObjects',
      });
    }
    return list as DataObject[];
  }

  /**
   * A signed download URL for a data-relative path (`getProjectDownloadUrl {path: "data/<rel>"}`).
   * Accepts the URL as plain text, a JSON string, `{url}` or `{downloadUrl}`.
   *
   * @throws {@link NotFoundError} when the file does not exist.
   */
  async getDownloadUrl(remotePath: string): Promise<string> {
    const rel = toDataRelativePath(remotePath);
    const body = await this.#call(
      'getProjectDownloadUrl',
      { path: `data/${rel}` },
      { idempotent: true, remotePath: rel },
    );
    return parseDownloadUrl(body, { endpoint: 'getProjectDownloadUrl', remotePath: rel });
  }

  /** Whether a remote file exists (a 404 from `getProjectDownloadUrl` means no). */
  async exists(remotePath: string): Promise<boolean> {
    try {
      await this.getDownloadUrl(remotePath);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * An upload session for a data-relative path (`getUploadDataUrl {name, overwrite}`).
   *
   * @throws {@link ConflictError} when the file exists and `overwrite` is not set.
   */
  async getUploadUrl(
    remotePath: string,
    { overwrite = false, metadata, dataId }: GetUploadUrlOptions = {},
  ): Promise<UploadSession> {
    const rel = normalizeRemotePath(remotePath);
    const request: Record<string, unknown> = { name: rel, overwrite };
    if (metadata !== undefined) request.metadata = metadata;
    if (dataId !== undefined) request.dataId = dataId;
    // Issuing a session writes nothing (the object appears only when a PUT completes), so it may be repeated.
    const body = await this.#call('getUploadDataUrl', request, { idempotent: true, remotePath: rel });
    const session = this.#json(body, 'getUploadDataUrl', rel) as Partial<UploadSession> | null;
    if (typeof session?.uploadUrl !== 'string' || !/^https?:\/\//i.test(session.uploadUrl)) {
      throw new ResponseFormatError('{uploadUrl: an http(s) URL}', body, {
        endpoint: 'getUploadDataUrl',
        remotePath: rel,
      });
    }
    return { uploadUrl: session.uploadUrl, remoteFilePath: String(session.remoteFilePath ?? '') };
  }

  /** The listing records carrying `dataId` (`getDataMetadata`). */
  async getDataMetadata(dataId: string): Promise<DataObjectFields[]> {
    const body = await this.#call('getDataMetadata', { dataId }, { idempotent: true });
    return this.#json(body, 'getDataMetadata') as DataObjectFields[];
  }

  /**
   * Merges (or sets) metadata on the records carrying `dataId` (`setDataMetadata`); the server waits up to
   * `timeoutMs` for the record to appear. Not retried after a network error or a 5xx (it writes), only after
   * 429 and 503.
   */
  async setDataMetadata(
    dataId: string,
    metadata: Record<string, unknown>,
    { merge = true, timeoutMs = 30_000 }: SetDataMetadataOptions = {},
  ): Promise<DataObjectFields[]> {
    const body = await this.#call(
      'setDataMetadata',
      { dataId, metadata, merge, timeout: timeoutMs },
      { idempotent: false, timeoutMs: Math.max(this.timeoutMs, timeoutMs + 5_000) },
    );
    return this.#json(body, 'setDataMetadata') as DataObjectFields[];
  }

  /**
   * Polls the listing until `remotePath` appears (listing records are written asynchronously after an upload).
   *
   * @throws {@link TimeoutError} when it does not appear within `timeoutMs`.
   */
  async waitForListed(
    remotePath: string,
    { timeoutMs = 60_000, pollIntervalMs = 500 }: WaitForListedOptions = {},
  ): Promise<DataObject> {
    const rel = toDataRelativePath(remotePath);
    const start = Date.now();
    for (;;) {
      const found = (await this.listData()).find((record) => {
        try {
          return toDataRelativePath(String(record.data?.filePath)) === rel;
        } catch {
          return false;
        }
      });
      if (found) return found;
      if (Date.now() - start >= timeoutMs) {
        throw new TimeoutError(timeoutMs, { endpoint: 'listStorageObjects', remotePath: rel });
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  /**
   * Downloads a data-relative remote file to `localPath`: a fresh signed URL, a GET without the key, the body
   * streamed into a temporary file beside `localPath`, the status and `Content-Length` checked, then a rename.
   * A failure never leaves a partial file nor saves an error body. Transient failures (and an expired URL,
   * 403) are retried with a fresh URL.
   *
   * @throws {@link NotFoundError} when the file does not exist.
   */
  async download(remotePath: string, localPath: string, { onProgress }: DownloadOptions = {}): Promise<string> {
    const rel = toDataRelativePath(remotePath);
    for (let retry = 0; ; retry++) {
      const url = await this.getDownloadUrl(rel);
      try {
        await this.#downloadOnce(url, localPath, rel, onProgress);
        return localPath;
      } catch (error) {
        const expired = error instanceof HttpError && error.status === 403;
        if (!(isTransient(error) || expired) || retry >= this.#retry.retries) throw error;
        await this.#backoff(retry + 1, error, `download ${rel}`);
      }
    }
  }

  /**
   * Uploads a local file to a data-relative remote path: an upload session from `getUploadDataUrl`, then the
   * file streamed in one PUT (or in chunks above `chunkedUploadThresholdBytes`) without the API key and
   * without a JSON content type. After a transient failure the client asks the session how much it has and
   * resumes; an expired session (404/410) is replaced once. When the upload completes, the size (and MD5)
   * the server reports for the stored object are compared with the local file; on a mismatch the whole file
   * is uploaded once more through a new session, and a second mismatch is an error.
   *
   * @throws {@link LocalFileError} before any request when `localPath` is not a regular file.
   * @throws {@link ConflictError} when the file exists and `overwrite` is not set.
   * @throws {@link UploadVerificationError} when the stored object still differs from the local file.
   */
  async upload(
    localPath: string,
    remotePath: string,
    { overwrite = false, metadata, dataId }: UploadOptions = {},
  ): Promise<UploadResult> {
    const rel = normalizeRemotePath(remotePath);
    const sizeBytes = await uploadSourceSize(localPath, { endpoint: 'upload', remotePath: rel });
    let sessionReplaced = false;
    let reuploaded = false;
    for (;;) {
      // After a mismatch the stored object is this upload's own: replacing it is not an overwrite.
      const session = await this.getUploadUrl(rel, { overwrite: overwrite || reuploaded, metadata, dataId });
      try {
        const stored = await this.#sendToSession(session.uploadUrl, localPath, sizeBytes, rel);
        await this.#verifyStored(stored, localPath, sizeBytes, {
          endpoint: storageEndpoint('PUT', session.uploadUrl),
          remotePath: rel,
        });
        return { remotePath: rel, remoteFilePath: session.remoteFilePath, sizeBytes };
      } catch (error) {
        if (error instanceof UploadVerificationError && !reuploaded) {
          reuploaded = true;
          this.#log(
            `upload ${rel}: ${error.field} of the stored object is ${error.found}, expected ${error.expected}; uploading the whole file again`,
          );
          continue;
        }
        const gone = error instanceof HttpError && (error.status === 404 || error.status === 410);
        if (!gone || sessionReplaced) throw error;
        sessionReplaced = true;
        this.#log(`upload ${rel}: the upload session is gone (HTTP ${error.status}); starting a new one`);
      }
    }
  }

  /** Compares the object a completed session reports (`size`, and `md5Hash` when given) with the local file. */
  async #verifyStored(
    body: string,
    localPath: string,
    sizeBytes: number,
    context: NstrumentaErrorContext,
  ): Promise<void> {
    const object = parseStoredObject(body);
    const size = object?.size;
    if ((typeof size !== 'string' && typeof size !== 'number') || !/^\d+$/.test(String(size))) {
      throw new ResponseFormatError('the stored object as JSON with its size', body, context);
    }
    if (Number(size) !== sizeBytes) {
      throw new UploadVerificationError('size', `${sizeBytes} bytes`, `${size} bytes`, context);
    }
    if (typeof object?.md5Hash !== 'string') return;
    const md5 = await fileMd5Base64(localPath);
    if (md5 !== object.md5Hash) throw new UploadVerificationError('md5Hash', md5, object.md5Hash, context);
  }

  async #backoff(retry: number, error: unknown, what: string): Promise<void> {
    const retryAfterMs = typeof error === 'object' && error !== null ? retryAfterByError.get(error) : undefined;
    const delay = this.#retry.delayMs(retry, retryAfterMs);
    const reason = error instanceof HttpError ? `HTTP ${error.status}` : error instanceof Error ? error.name : 'error';
    this.#log(`${what}: retry ${retry}/${this.#retry.retries} after ${reason}, waiting ${Math.round(delay)} ms`);
    await this.#retry.wait(retry, retryAfterMs);
  }

  /** One fetch with a time limit; network failures and time-outs become typed errors. */
  async #fetchOnce(
    url: string,
    init: RequestInit,
    deadline: Deadline,
    context: NstrumentaErrorContext,
  ): Promise<Response> {
    try {
      return await this.#fetch(url, { ...init, signal: deadline.controller.signal });
    } catch (error) {
      throw this.#transportError(error, deadline, context);
    }
  }

  #transportError(error: unknown, deadline: Deadline, context: NstrumentaErrorContext): Error {
    if (deadline.timedOut) return new TimeoutError(deadline.timeoutMs, { ...context, cause: error });
    return new NetworkError(reasonOf(error), { ...context, cause: error });
  }

  async #readText(response: Response, deadline: Deadline, context: NstrumentaErrorContext): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.#transportError(error, deadline, context);
    }
  }

  async #failure(response: Response, deadline: Deadline, context: NstrumentaErrorContext): Promise<HttpError> {
    let body = '';
    try {
      body = await this.#readText(response, deadline, context);
    } catch {
      // The status is what matters; a body that fails to arrive is left out.
    }
    const error = statusError(response.status, body, context);
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
    if (retryAfterMs !== undefined) retryAfterByError.set(error, retryAfterMs);
    return error;
  }

  /** `POST <apiUrl>/<endpoint>` with retries; resolves to the response text. */
  async #call(endpoint: string, body: unknown, options: CallOptions): Promise<string> {
    const context: NstrumentaErrorContext = { endpoint, remotePath: options.remotePath };
    const headers: Record<string, string> = { 'x-api-key': this.#secret };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method: 'POST', headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    for (let retry = 0; ; retry++) {
      const deadline = new Deadline(options.timeoutMs ?? this.timeoutMs);
      try {
        const response = await this.#fetchOnce(`${this.apiUrl}/${endpoint}`, init, deadline, context);
        if (!response.ok) throw await this.#failure(response, deadline, context);
        return await this.#readText(response, deadline, context);
      } catch (error) {
        const refused = error instanceof HttpError && (error.status === 429 || error.status === 503);
        const retryable = options.idempotent ? isTransient(error) : refused;
        if (!retryable || retry >= this.#retry.retries) throw error;
        await this.#backoff(retry + 1, error, options.remotePath ? `${endpoint} ${options.remotePath}` : endpoint);
      } finally {
        deadline.clear();
      }
    }
  }

  #json(body: string, endpoint: string, remotePath?: string): unknown {
    try {
      return JSON.parse(body);
    } catch {
      throw new ResponseFormatError('a JSON body', body, { endpoint, remotePath });
    }
  }

  async #downloadOnce(
    url: string,
    localPath: string,
    rel: string,
    onProgress: ((receivedBytes: number) => void) | undefined,
  ): Promise<void> {
    const context: NstrumentaErrorContext = { endpoint: storageEndpoint('GET', url), remotePath: rel };
    const deadline = new Deadline(this.timeoutMs);
    try {
      // No x-api-key: storage URLs are signed, and the key must never reach the storage host.
      const response = await this.#fetchOnce(url, { headers: { 'accept-encoding': 'identity' } }, deadline, context);
      if (response.status !== 200) throw await this.#failure(response, deadline, context);
      if (response.body === null) throw new ResponseFormatError('a response body', '', context);
      const lengthHeader = response.headers.get('content-length');
      const expectedBytes = lengthHeader === null ? undefined : Number(lengthHeader);
      let receivedBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          deadline.reset();
          receivedBytes += chunk.length;
          onProgress?.(receivedBytes);
          callback(null, chunk);
        },
      });
      try {
        await writeStreamAtomic(localPath, response.body as unknown as AsyncIterable<Uint8Array>, [counter], () => {
          if (expectedBytes !== undefined && Number.isFinite(expectedBytes) && receivedBytes !== expectedBytes) {
            throw new IncompleteDownloadError(expectedBytes, receivedBytes, context);
          }
        });
      } catch (error) {
        if (error instanceof IncompleteDownloadError) throw error;
        // Errors of the local file system (no space, no permission) are not network errors: name the file.
        if ((error as { syscall?: unknown } | null)?.syscall !== undefined && !deadline.timedOut) {
          const code = String((error as { code?: unknown }).code ?? error);
          throw new LocalFileError(localPath, 'a writable file path', code, { ...context, cause: error });
        }
        throw this.#transportError(error, deadline, context);
      }
    } finally {
      deadline.clear();
    }
  }

  /**
   * Sends a file to a resumable upload session, resuming after transient failures; resolves to the body of
   * the completing reply (the stored object as JSON).
   */
  async #sendToSession(uploadUrl: string, localPath: string, sizeBytes: number, rel: string): Promise<string> {
    const context: NstrumentaErrorContext = { endpoint: storageEndpoint('PUT', uploadUrl), remotePath: rel };
    const chunked = sizeBytes >= this.#chunkedUploadThresholdBytes;
    let offset = 0;
    let retry = 0;
    for (;;) {
      try {
        const end = chunked ? Math.min(sizeBytes, offset + this.#chunkSizeBytes) : sizeBytes;
        let contentRange: string | undefined;
        if (sizeBytes === 0) contentRange = chunked ? 'bytes */0' : undefined;
        else if (chunked || offset > 0) {
          contentRange = `bytes ${offset}-${end - 1}/${end === sizeBytes ? sizeBytes : '*'}`;
        }
        const reply = await this.#put(uploadUrl, localPath, offset, end, contentRange, context);
        if (reply.status === 200 || reply.status === 201) return reply.body;
        if (reply.status !== 308) throw new HttpError(reply.status, '', context);
        const next = nextOffsetFromRange(reply.range);
        if (next <= offset) {
          // The session kept nothing of this request: a failed attempt, not progress.
          throw new NetworkError(`the upload session stayed at byte ${next} (308 without progress)`, context);
        }
        offset = next;
        retry = 0;
      } catch (error) {
        // Ask the session how much it has (itself retried), then resume from there.
        let failure = error;
        let reply: SessionReply | undefined;
        while (reply === undefined) {
          if (!isTransient(failure) || retry >= this.#retry.retries) throw failure;
          retry += 1;
          await this.#backoff(retry, failure, `upload ${rel}`);
          try {
            reply = await this.#queryUploadStatus(uploadUrl, sizeBytes, context);
          } catch (queryError) {
            failure = queryError;
          }
        }
        if (reply.status !== 308) return reply.body;
        offset = nextOffsetFromRange(reply.range);
      }
    }
  }

  /** One PUT of bytes `[start, end)` of the file; resolves to the reply of a 2xx or 308. */
  async #put(
    uploadUrl: string,
    localPath: string,
    start: number,
    end: number,
    contentRange: string | undefined,
    context: NstrumentaErrorContext,
  ): Promise<SessionReply> {
    const deadline = new Deadline(this.timeoutMs);
    try {
      // Only these headers: never the API key, never a JSON content type (storage ignores it anyway).
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(end - start),
      };
      if (contentRange !== undefined) headers['content-range'] = contentRange;
      const init: RequestInit & { duplex?: 'half' } = { method: 'PUT', headers, redirect: 'manual' };
      if (end > start) {
        const file = createReadStream(localPath, { start, end: end - 1 });
        file.on('data', () => deadline.reset());
        init.body = Readable.toWeb(file) as unknown as ReadableStream<Uint8Array>;
        init.duplex = 'half';
      }
      const response = await this.#fetchOnce(uploadUrl, init, deadline, context);
      if (response.status !== 308 && !response.ok) throw await this.#failure(response, deadline, context);
      const body = await this.#readText(response, deadline, context);
      return { status: response.status, range: response.headers.get('range'), body };
    } finally {
      deadline.clear();
    }
  }

  /**
   * Asks a session what it has (`Content-Range: bytes *\/size`): a 200/201 reply with the stored object when
   * complete, or a 308 reply whose `Range` gives the next offset to send.
   */
  async #queryUploadStatus(
    uploadUrl: string,
    sizeBytes: number,
    context: NstrumentaErrorContext,
  ): Promise<SessionReply> {
    const deadline = new Deadline(this.timeoutMs);
    try {
      const response = await this.#fetchOnce(
        uploadUrl,
        {
          method: 'PUT',
          redirect: 'manual',
          headers: { 'content-length': '0', 'content-range': `bytes */${sizeBytes}` },
        },
        deadline,
        context,
      );
      const complete = response.status === 200 || response.status === 201;
      if (!complete && response.status !== 308) throw await this.#failure(response, deadline, context);
      const body = await this.#readText(response, deadline, context);
      return { status: complete ? 200 : 308, range: response.headers.get('range'), body };
    } finally {
      deadline.clear();
    }
  }
}
