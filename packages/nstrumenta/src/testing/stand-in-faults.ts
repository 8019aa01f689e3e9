/** The kind of route a request reached. */
export type RequestKind = 'api' | 'download' | 'upload' | 'other';

/** One request the stand-in server received, as kept in its request log. */
export interface RecordedRequest {
  /** The HTTP method. */
  method: string;
  /** The URL path without the query. */
  path: string;
  /** The query string (with its `?`), `""` when none. */
  query: string;
  /** The route: an API function name (`getProject`), `storage GET`, `storage PUT`, `OPTIONS` or `unknown`. */
  route: string;
  /** The kind of route. */
  kind: RequestKind;
  /** The request headers, names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body of an API call (`undefined` when none). */
  body?: unknown;
  /** The bytes of body received (storage PUTs). */
  bodyBytes: number;
  /** The response status (`undefined` while pending, or when the fault dropped the connection). */
  status?: number;
  /** The fault applied to this request, if any (`status 503`, `delay 50`, `hang`, `reset`, `truncate`). */
  fault?: string;
}

/** Which requests a fault applies to. */
export type FaultTarget =
  | 'any'
  | 'api'
  | 'storage'
  | 'download'
  | 'upload'
  | (string & {})
  | ((request: RecordedRequest) => boolean);

/** A fault the stand-in server applies to a request. */
export type Fault =
  | {
      /** Answer with an error status instead of serving the request. */
      kind: 'status';
      /** The status (500, 503, 429, ...). */
      status: number;
      /** The `Retry-After` header (s), if any. */
      retryAfterSec?: number;
      /** The plain-text body. */
      body?: string;
    }
  | {
      /** Wait, then serve the request normally. */
      kind: 'delay';
      /** The delay (ms). */
      delayMs: number;
    }
  | {
      /** Never answer (until the client gives up or the server closes). */
      kind: 'hang';
    }
  | {
      /** Drop the connection without an answer. */
      kind: 'reset';
    }
  | {
      /** Serve the headers (with the full `Content-Length`) and part of the body, then drop the connection. */
      kind: 'truncate';
      /** The share of the body sent, in [0, 1). */
      fraction: number;
    };

/** Options shared by the fault methods. */
export interface FaultOptions {
  /**
   * Which requests count: `any`, `api` (every API function), `storage` (downloads and uploads), `download`,
   * `upload`, an API function name (`getProjectDownloadUrl`), or a predicate. Defaults to `any`.
   */
  target?: FaultTarget;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
  target: FaultTarget;
}

function matches(target: FaultTarget, request: RecordedRequest): boolean {
  if (typeof target === 'function') return target(request);
  switch (target) {
    case 'any':
      return request.kind !== 'other';
    case 'api':
    case 'download':
    case 'upload':
      return request.kind === target;
    case 'storage':
      return request.kind === 'download' || request.kind === 'upload';
    default:
      return request.route === target;
  }
}

function describe(fault: Fault): string {
  switch (fault.kind) {
    case 'status':
      return `status ${fault.status}`;
    case 'delay':
      return `delay ${fault.delayMs}`;
    case 'truncate':
      return `truncate ${fault.fraction}`;
    default:
      return fault.kind;
  }
}

/**
 * The fault queue of a stand-in server: each method makes the next `count` matching requests fail in one way.
 * Faults are taken in the order they were added; a request takes at most one.
 *
 * @example
 * ```ts
 * import { startStandInServer } from '@tsc/nstrumenta/testing';
 *
 * const server = await startStandInServer({ root: 'stand-in' });
 * server.faults.failNext(2, 503, { target: 'api' }); // the next two API calls answer 503
 * server.faults.truncateNext(1); // the next download stops halfway
 * server.faults.expireNextUrls(1); // the next signed URL is already expired
 * await server.close();
 * ```
 */
export class StandInFaults {
  readonly #queue: QueuedFault[] = [];
  #urlsToExpire = 0;

  /** Adds `count` occurrences of any fault. */
  add(fault: Fault, count = 1, { target = 'any' }: FaultOptions = {}): this {
    if (count > 0) this.#queue.push({ fault, remaining: count, target });
    return this;
  }

  /** The next `count` matching requests answer `status` (e.g. 500, 503, or 429 with `retryAfterSec`). */
  failNext(
    count: number,
    status: number,
    { target, retryAfterSec, body }: FaultOptions & { retryAfterSec?: number; body?: string } = {},
  ): this {
    const fault: Fault = { kind: 'status', status };
    if (retryAfterSec !== undefined) fault.retryAfterSec = retryAfterSec;
    if (body !== undefined) fault.body = body;
    return this.add(fault, count, { target });
  }

  /** The next `count` matching requests are served after `delayMs` milliseconds. */
  delayNext(count: number, delayMs: number, options: FaultOptions = {}): this {
    return this.add({ kind: 'delay', delayMs }, count, options);
  }

  /** The next `count` matching requests never get an answer. */
  hangNext(count: number, options: FaultOptions = {}): this {
    return this.add({ kind: 'hang' }, count, options);
  }

  /** The next `count` matching requests have their connection dropped without an answer. */
  resetNext(count: number, options: FaultOptions = {}): this {
    return this.add({ kind: 'reset' }, count, options);
  }

  /**
   * The next `count` matching requests get their headers and a `fraction` of the body, then the connection
   * drops. Defaults: target `download`, fraction `0.5`.
   */
  truncateNext(
    count: number,
    { target = 'download', fraction = 0.5 }: FaultOptions & { fraction?: number } = {},
  ): this {
    return this.add({ kind: 'truncate', fraction }, count, { target });
  }

  /** The next `count` signed download URLs and upload sessions are issued already expired. */
  expireNextUrls(count: number): this {
    this.#urlsToExpire += count;
    return this;
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#queue.length = 0;
    this.#urlsToExpire = 0;
  }

  /** How many fault occurrences are still pending (URL expiries included). */
  get pending(): number {
    return this.#queue.reduce((sum, queued) => sum + queued.remaining, 0) + this.#urlsToExpire;
  }

  /** Takes the first pending fault matching `request` (and records it there). @internal */
  take(request: RecordedRequest): Fault | undefined {
    const index = this.#queue.findIndex((queued) => matches(queued.target, request));
    if (index < 0) return undefined;
    const queued = this.#queue[index]!;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    request.fault = describe(queued.fault);
    return queued.fault;
  }

  /** Whether the next issued URL must be expired (consumes one). @internal */
  takeUrlExpiry(): boolean {
    if (this.#urlsToExpire <= 0) return false;
    this.#urlsToExpire -= 1;
    return true;
  }
}
