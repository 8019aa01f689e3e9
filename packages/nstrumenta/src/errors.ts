import { TscError } from '@tsc/errors';

/** The longest body excerpt an error message carries (characters). */
const EXCERPT_LENGTH = 200;

/** Shortens a response body for an error message: one line, at most 200 characters. */
export function bodyExcerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 3)}...` : line;
}

/** Where a failed call went: the endpoint (an API function or a storage URL without its query) and the remote path. */
export interface NstrumentaErrorContext {
  /** The API function (`getProjectDownloadUrl`) or the storage step (`storage GET`, `storage PUT`). */
  endpoint: string;
  /** The data-relative remote path the call was about, or `undefined` for project-level calls. */
  remotePath?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

function where(context: NstrumentaErrorContext): string {
  return context.remotePath === undefined ? context.endpoint : `${context.endpoint} ${context.remotePath}`;
}

/**
 * The base of every error about the Nstrumenta platform, the stand-in server or the local store.
 * It names the endpoint and the remote path and never carries the API key.
 *
 * @example
 * ```ts
 * import { LocalProjectStore, NstrumentaError } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * try {
 *   await store.download('Sensor_Log_X.mcap', 'Sensor_Log_X.mcap');
 * } catch (error) {
 *   if (error instanceof NstrumentaError) console.error(error.endpoint, error.remotePath); // 'local download' 'Sensor_Log_X.mcap'
 * }
 * ```
 */
export class NstrumentaError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.NstrumentaError');
  /** The API function (`getProjectDownloadUrl`) or the storage step (`storage GET`, `storage PUT`). */
  readonly endpoint: string;
  /** The data-relative remote path the call was about, or `undefined` for project-level calls. */
  readonly remotePath: string | undefined;

  constructor(message: string, context: NstrumentaErrorContext) {
    super(`${where(context)}: ${message}`, { cause: context.cause });
    this.endpoint = context.endpoint;
    this.remotePath = context.remotePath;
  }
}

/**
 * The API key is missing or malformed (expected `<secret>:<base64(apiUrl)>`). The message describes the
 * key's shape, never its content.
 *
 * @example
 * ```ts
 * import { ApiKeyError, NstrumentaClient } from '@tsc/nstrumenta';
 *
 * try {
 *   new NstrumentaClient({ apiKey: 'no-colon' });
 * } catch (error) {
 *   if (error instanceof ApiKeyError) console.error(error.message); // the key's shape, never its content
 * }
 * ```
 */
export class ApiKeyError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ApiKeyError');
  constructor(
    /** What was wrong, e.g. `no ":" separator`. */
    readonly problem: string,
  ) {
    super(`invalid API key: ${problem} (expected "<secret>:<base64(apiUrl)>", e.g. from NSTRUMENTA_API_KEY)`, {
      endpoint: 'apiKey',
    });
  }
}

/**
 * An HTTP response with an unexpected status. Subclasses name the statuses callers handle:
 * {@link AuthError} (401), {@link NotFoundError} (404), {@link ConflictError} (409).
 *
 * @example
 * ```ts
 * import { HttpError, LocalProjectStore } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * try {
 *   await store.download('missing.mcap', 'missing.mcap');
 * } catch (error) {
 *   if (error instanceof HttpError) console.error(error.status); // 404; 403 when a signed URL expired
 * }
 * ```
 */
export class HttpError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.HttpError');
  /** The HTTP status. */
  readonly status: number;
  /** The start of the response body, one line, at most 200 characters. */
  readonly bodyExcerpt: string;

  constructor(status: number, body: string, context: NstrumentaErrorContext, summary = `HTTP ${status}`) {
    const excerpt = bodyExcerpt(body);
    super(excerpt === '' ? summary : `${summary}: ${excerpt}`, context);
    this.status = status;
    this.bodyExcerpt = excerpt;
  }
}

/**
 * HTTP 401: the server does not know the API key (`not authenticated`).
 *
 * @example
 * ```ts
 * import { AuthError, NstrumentaClient } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient().getProject();
 * } catch (error) {
 *   if (error instanceof AuthError) console.error('check NSTRUMENTA_API_KEY');
 * }
 * ```
 */
export class AuthError extends HttpError {
  static override readonly marker: symbol = Symbol.for('tsc.error.AuthError');
  constructor(body: string, context: NstrumentaErrorContext) {
    super(401, body, context, 'HTTP 401 (the API key was not accepted)');
  }
}

/**
 * HTTP 404: the remote file (or the storage object) does not exist.
 *
 * @example
 * ```ts
 * import { LocalProjectStore, NotFoundError } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * try {
 *   await store.download('runs/missing.mcap', 'missing.mcap');
 * } catch (error) {
 *   if (error instanceof NotFoundError) console.error(`${error.remotePath} is not in the project`);
 * }
 * ```
 */
export class NotFoundError extends HttpError {
  static override readonly marker: symbol = Symbol.for('tsc.error.NotFoundError');
  constructor(body: string, context: NstrumentaErrorContext) {
    super(404, body, context, 'HTTP 404 (not found)');
  }
}

/**
 * HTTP 409: the remote file exists and the upload did not set `overwrite`.
 *
 * @example
 * ```ts
 * import { ConflictError, LocalProjectStore } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * await store.upload('fixtures/seed/basic_synthetic.mcap', 'run/out.mcap');
 * try {
 *   await store.upload('fixtures/seed/basic_synthetic.mcap', 'run/out.mcap');
 * } catch (error) {
 *   if (error instanceof ConflictError) await store.upload('fixtures/seed/basic_synthetic.mcap', 'run/out.mcap', { overwrite: true });
 * }
 * ```
 */
export class ConflictError extends HttpError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ConflictError');
  constructor(body: string, context: NstrumentaErrorContext) {
    super(409, body, context, 'HTTP 409 (file exists; pass overwrite: true to replace it)');
  }
}

/**
 * A request took longer than its time limit (no response, or no body data for that long).
 *
 * @example
 * ```ts
 * import { NstrumentaClient, TimeoutError } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient({ timeoutMs: 5_000 }).listData();
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.error(`no answer within ${error.timeoutMs} ms`);
 * }
 * ```
 */
export class TimeoutError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.TimeoutError');
  constructor(
    /** The time limit that ran out (ms). */
    readonly timeoutMs: number,
    context: NstrumentaErrorContext,
  ) {
    super(`no response within ${timeoutMs} ms`, context);
  }
}

/**
 * The connection failed: refused, reset, closed mid-body.
 *
 * @example
 * ```ts
 * import { NetworkError, NstrumentaClient } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient().listData();
 * } catch (error) {
 *   if (error instanceof NetworkError) console.error('network problem:', error.message);
 * }
 * ```
 */
export class NetworkError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.NetworkError');
  constructor(
    /** What failed, e.g. `ECONNREFUSED` or `terminated`. */
    readonly reason: string,
    context: NstrumentaErrorContext,
  ) {
    super(`network error: ${reason}`, context);
  }
}

/**
 * A download ended with fewer or more bytes than the response announced. Nothing is written to the target.
 *
 * @example
 * ```ts
 * import { IncompleteDownloadError, NstrumentaClient } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient().download('Sensor_Log_X.mcap', 'Sensor_Log_X.mcap');
 * } catch (error) {
 *   if (error instanceof IncompleteDownloadError) console.error(error.expectedBytes, error.receivedBytes);
 * }
 * ```
 */
export class IncompleteDownloadError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.IncompleteDownloadError');
  constructor(
    /** The announced `Content-Length` (bytes). */
    readonly expectedBytes: number,
    /** The bytes received (bytes). */
    readonly receivedBytes: number,
    context: NstrumentaErrorContext,
  ) {
    super(`download incomplete: expected ${expectedBytes} bytes, received ${receivedBytes}`, context);
  }
}

/**
 * A response body did not have the expected form (e.g. a download URL that is not an http(s) URL).
 *
 * @example
 * ```ts
 * import { NstrumentaClient, ResponseFormatError } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient().listData();
 * } catch (error) {
 *   if (error instanceof ResponseFormatError) console.error(error.expected, error.found);
 * }
 * ```
 */
export class ResponseFormatError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.ResponseFormatError');
  constructor(
    /** What the client expected. */
    readonly expected: string,
    /** What it found (an excerpt). */
    readonly found: string,
    context: NstrumentaErrorContext,
  ) {
    super(`expected ${expected}, found ${JSON.stringify(bodyExcerpt(found))}`, context);
  }
}

/**
 * A remote path cannot be used: empty, with `..` segments, or a full storage path of another project.
 *
 * @example
 * ```ts
 * import { RemotePathError, toDataRelativePath } from '@tsc/nstrumenta';
 *
 * try {
 *   toDataRelativePath('projects/a/modules/x.tar.gz');
 * } catch (error) {
 *   if (error instanceof RemotePathError) console.error(error.message); // not a path under projects/<id>/data/
 * }
 * ```
 */
export class RemotePathError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.RemotePathError');
  constructor(
    /** The path as given. */
    readonly path: string,
    /** What was expected of it. */
    readonly expected: string,
  ) {
    super(`expected ${expected}`, { endpoint: 'path', remotePath: path });
  }
}

/**
 * A local path cannot be used: an upload source that is not a readable regular file (missing, a folder, a
 * device; raised before any request is sent), or a download target that cannot be written (a file where a
 * folder is needed, a full disk).
 *
 * @example
 * ```ts
 * import { LocalFileError, LocalProjectStore } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * try {
 *   await store.upload('fixtures', 'up/d.mcap');
 * } catch (error) {
 *   if (error instanceof LocalFileError) console.error(error.message); // … local file fixtures: expected a regular file, found a folder
 * }
 * ```
 */
export class LocalFileError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.LocalFileError');
  constructor(
    /** The local path as given. */
    readonly localPath: string,
    /** What was needed, e.g. `a regular file`. */
    readonly expected: string,
    /** What was there instead: `a folder`, `nothing readable (ENOENT)`, `ENOSPC`, ... */
    readonly found: string,
    context: NstrumentaErrorContext,
  ) {
    super(`local file ${localPath}: expected ${expected}, found ${found}`, context);
  }
}

/**
 * The object the server stored after an upload differs from the local file: a different size or checksum.
 * The client has already uploaded the whole file once more before raising it.
 *
 * @example
 * ```ts
 * import { NstrumentaClient, UploadVerificationError } from '@tsc/nstrumenta';
 *
 * try {
 *   await new NstrumentaClient().upload('out.mcap', 'run/out.mcap');
 * } catch (error) {
 *   if (error instanceof UploadVerificationError) console.error(error.field, error.expected, error.found);
 * }
 * ```
 */
export class UploadVerificationError extends NstrumentaError {
  static override readonly marker: symbol = Symbol.for('tsc.error.UploadVerificationError');
  constructor(
    /** What differs: `size` (bytes) or `md5Hash` (base64). */
    readonly field: 'size' | 'md5Hash',
    /** The local file's value. */
    readonly expected: string,
    /** The value the server reported. */
    readonly found: string,
    context: NstrumentaErrorContext,
  ) {
    super(`the stored object does not match the local file: ${field} expected ${expected}, found ${found}`, context);
  }
}
