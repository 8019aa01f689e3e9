import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, posix } from 'node:path';
import { writeFileAtomic } from '@tsc/shared/node';
import { formatApiKey } from '../api-key.js';
import type { DataObject, DataObjectFields } from '../project-data-store.js';
import { type Fault, type RecordedRequest, type RequestKind, StandInFaults } from './stand-in-faults.js';

/** Options of {@link startStandInServer}. */
export interface StandInServerOptions {
  /** The folder holding the bucket (`<root>/bucket/projects/<id>/...`) and upload sessions. Created if missing. */
  root: string;
  /** API key secrets and the project each one opens. Defaults to one random uuid for project `nst-test`. */
  keys?: Record<string, string>;
  /** Project documents by id (fields besides `id`). Defaults to `{ name: <id> }` for each project in `keys`. */
  projects?: Record<string, Record<string, unknown>>;
  /** How long after an upload its listing record appears (ms). Defaults to `0` (still asynchronous). */
  listingDelayMs?: number;
  /** The lifetime of signed download URLs (s). Defaults to `259200` (72 h). */
  downloadUrlTtlSec?: number;
  /** The lifetime of upload sessions (s). Defaults to `604800` (one week). */
  uploadSessionTtlSec?: number;
  /** The bucket name in storage URLs and listing records. Defaults to `stand-in-bucket`. */
  bucket?: string;
}

interface UploadSessionState {
  projectId: string;
  filePath: string;
  metadata: Record<string, unknown>;
  dataId: string | undefined;
  expiresAtMs: number;
  receivedBytes: number;
  partPath: string;
  object: Record<string, unknown> | undefined;
}

const API_FUNCTIONS = new Set([
  'getProject',
  'getProjectDownloadUrl',
  'getDownloadUrl',
  'getUploadDataUrl',
  'getUploadUrl',
  'listStorageObjects',
  'listModules',
  'queryCollection',
  'setDataMetadata',
  'getDataMetadata',
  'verifyApiKey',
  'getDataMount',
  'getToken',
  'verifyToken',
]);

const FILE_FIELDS = ['name', 'dirname', 'filePath', 'size', 'lastModified', 'file', 'dataId'];

/** What an API route answers with: plain text, or a value sent as JSON. */
type ApiReply = { text: string } | { json: unknown };

/** A request body's `metadata` object, `{}` when it has none. */
function metadataOf(body: Record<string, unknown>): Record<string, unknown> {
  return (typeof body.metadata === 'object' && body.metadata !== null ? body.metadata : {}) as Record<string, unknown>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = 'text/plain; charset=utf-8',
  ) {
    super(body);
  }
}

function storageXml(code: string, message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** `YYYYMMDDTHHMMSSZ`, the `X-Goog-Date` format. */
function googDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseGoogDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function compare(value: unknown, comparison: string, expected: unknown): boolean {
  switch (comparison) {
    case '==':
      return value === expected;
    case '!=':
      return value !== expected;
    case '<':
      return (value as number) < (expected as number);
    case '<=':
      return (value as number) <= (expected as number);
    case '>':
      return (value as number) > (expected as number);
    case '>=':
      return (value as number) >= (expected as number);
    case 'in':
      return Array.isArray(expected) && expected.includes(value);
    case 'not-in':
      return Array.isArray(expected) && !expected.includes(value);
    case 'array-contains':
      return Array.isArray(value) && value.includes(expected);
    case 'array-contains-any':
      return Array.isArray(value) && Array.isArray(expected) && expected.some((item) => value.includes(item));
    default:
      throw new HttpFailure(500, `Invalid query. Unsupported comparison "${comparison}"`);
  }
}

/**
 * A local stand-in for the Nstrumenta "Gen A" REST API and its signed storage URLs, faithful to the contract
 * the client relies on (status codes, plain-text errors, path stripping, signed download URLs that expire,
 * resumable upload sessions, a listing that is updated asynchronously), with fault injection and a request
 * log. Bound to 127.0.0.1 on an ephemeral port. Start it with {@link startStandInServer}.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { NstrumentaClient } from '@tsc/nstrumenta';
 * import { startStandInServer } from '@tsc/nstrumenta/testing';
 *
 * const server = await startStandInServer({ root: 'stand-in', listingDelayMs: 20 });
 * await server.seed('Sensor_Log_X.mcap', await readFile('fixtures/seed/basic_synthetic.mcap'));
 * const client = new NstrumentaClient({ apiKey: server.apiKey });
 * await client.download('Sensor_Log_X.mcap', 'local.mcap');
 * await server.close();
 * ```
 */
export class StandInServer {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** A full API key (`<secret>:<base64(url)>`) of the first project. */
  readonly apiKey: string;
  /** A full API key for each project id. */
  readonly apiKeys: Readonly<Record<string, string>>;
  /** The first project's id. */
  readonly projectId: string;
  /** The fault queue. */
  readonly faults = new StandInFaults();
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** The folder given as `root`. */
  readonly root: string;
  /** The bucket name. */
  readonly bucket: string;

  readonly #server: Server;
  readonly #keys: Record<string, string>;
  readonly #projects: Record<string, Record<string, unknown>>;
  readonly #index = new Map<string, Map<string, DataObjectFields>>();
  readonly #sessions = new Map<string, UploadSessionState>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #signingKey = randomBytes(32);
  readonly #listingDelayMs: number;
  readonly #downloadUrlTtlSec: number;
  readonly #uploadSessionTtlSec: number;
  #closed = false;

  /** @internal Use {@link startStandInServer}. */
  constructor(server: Server, options: Required<StandInServerOptions>) {
    this.#server = server;
    this.root = options.root;
    this.bucket = options.bucket;
    this.#keys = options.keys;
    this.#projects = options.projects;
    this.#listingDelayMs = options.listingDelayMs;
    this.#downloadUrlTtlSec = options.downloadUrlTtlSec;
    this.#uploadSessionTtlSec = options.uploadSessionTtlSec;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    const apiKeys: Record<string, string> = {};
    for (const [secret, projectId] of Object.entries(this.#keys)) {
      apiKeys[projectId] ??= formatApiKey(secret, this.url);
    }
    this.apiKeys = apiKeys;
    this.projectId = Object.values(this.#keys)[0]!;
    this.apiKey = apiKeys[this.projectId]!;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.#handle(request, response);
    });
  }

  /** The local file of a data-relative path in the stand-in bucket. */
  blobPath(remotePath: string, projectId: string = this.projectId): string {
    return join(this.root, 'bucket', 'projects', projectId, 'data', ...remotePath.split('/'));
  }

  /** Writes a data file and its listing record at once (no listing delay), as if uploaded earlier. */
  async seed(remotePath: string, data: string | Uint8Array, projectId: string = this.projectId): Promise<void> {
    const path = this.blobPath(remotePath, projectId);
    await writeFileAtomic(path, data);
    const filePath = `projects/${projectId}/data/${remotePath}`;
    this.#addRecord(projectId, filePath, await this.#fileObject(filePath, path), {}, undefined);
  }

  /** Writes a module file (`projects/<id>/modules/<path>`), served by `getDownloadUrl`. */
  async seedModule(path: string, data: string | Uint8Array, projectId: string = this.projectId): Promise<void> {
    await writeFileAtomic(join(this.root, 'bucket', 'projects', projectId, 'modules', ...path.split('/')), data);
  }

  /** The listing records of a project as they are now (what `listStorageObjects` answers). */
  listing(projectId: string = this.projectId): DataObject[] {
    return [...(this.#index.get(projectId) ?? new Map()).entries()].map(([id, data]) => ({ id, data }));
  }

  /** Stops the server: drops open connections (hung requests included) and pending listing updates. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  /** Indexes the files already under `<root>/bucket/projects/<id>/data`. @internal */
  async indexExisting(): Promise<void> {
    for (const projectId of Object.keys(this.#projects)) {
      const base = join(this.root, 'bucket', 'projects', projectId, 'data');
      let names: string[];
      try {
        names = (await readdir(base, { recursive: true })) as string[];
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        const path = join(base, name);
        const info = await stat(path);
        if (!info.isFile() || posix.basename(name).startsWith('.')) continue;
        const rel = name.split(/[\\/]/).join('/');
        const filePath = `projects/${projectId}/data/${rel}`;
        this.#addRecord(projectId, filePath, await this.#fileObject(filePath, path), {}, undefined);
      }
    }
  }

  #later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    this.#timers.add(timer);
  }

  async #fileObject(filePath: string, path: string, contentType = 'application/octet-stream') {
    const info = await stat(path);
    return {
      kind: 'storage#object',
      bucket: this.bucket,
      name: filePath,
      size: String(info.size),
      contentType,
      md5Hash: createHash('md5')
        .update(await readFile(path))
        .digest('base64'),
      timeCreated: new Date(info.mtimeMs).toISOString(),
      updated: new Date(info.mtimeMs).toISOString(),
    };
  }

  #addRecord(
    projectId: string,
    filePath: string,
    object: Record<string, unknown>,
    metadata: Record<string, unknown>,
    dataId: string | undefined,
  ): void {
    const dataPrefix = `projects/${projectId}/data/`;
    if (!filePath.startsWith(dataPrefix)) return;
    const rel = filePath.slice(dataPrefix.length);
    const slash = rel.lastIndexOf('/');
    const record: DataObjectFields = {
      ...metadata,
      name: rel.slice(slash + 1),
      dirname: slash < 0 ? '' : rel.slice(0, slash),
      filePath,
      size: String(object.size),
      lastModified: Date.parse(String(object.updated)) || Date.now(),
      file: object,
    };
    if (dataId !== undefined) record.dataId = dataId;
    let records = this.#index.get(projectId);
    if (!records) this.#index.set(projectId, (records = new Map()));
    records.set(sha256Hex(filePath), record);
  }

  #record(request: IncomingMessage, kind: RequestKind, route: string): RecordedRequest {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
    }
    const entry: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      route,
      kind,
      headers,
      bodyBytes: 0,
    };
    this.requests.push(entry);
    return entry;
  }

  #send(
    entry: RecordedRequest,
    response: ServerResponse,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
    fault?: Fault,
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    entry.status = status;
    response.writeHead(status, { 'access-control-allow-origin': '*', 'content-length': bytes.length, ...headers });
    if (fault?.kind === 'truncate') {
      response.write(bytes.subarray(0, Math.floor(bytes.length * fault.fraction)), () => response.socket?.destroy());
      return;
    }
    response.end(bytes);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const name = url.pathname.slice(1);
    let kind: RequestKind = 'other';
    let route = 'unknown';
    if (request.method === 'OPTIONS') route = 'OPTIONS';
    else if (API_FUNCTIONS.has(name)) {
      kind = 'api';
      route = name;
    } else if (url.pathname.startsWith('/storage/') && request.method === 'GET') {
      kind = 'download';
      route = 'storage GET';
    } else if (url.pathname.startsWith('/upload/storage/v1/b/') && request.method === 'PUT') {
      kind = 'upload';
      route = 'storage PUT';
    }
    const entry = this.#record(request, kind, route);
    const fault = this.faults.take(entry);
    try {
      if (fault?.kind === 'delay') await new Promise((resolve) => this.#later(fault.delayMs, () => resolve(undefined)));
      if (fault?.kind === 'hang') {
        request.resume();
        return;
      }
      if (fault?.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        request.resume();
        const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
        if (fault.retryAfterSec !== undefined) headers['retry-after'] = String(fault.retryAfterSec);
        this.#send(entry, response, fault.status, fault.body ?? 'stand-in fault', headers);
        return;
      }
      if (route === 'OPTIONS') {
        request.resume();
        entry.status = 204;
        response.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'content-type, x-api-key',
          'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
        });
        response.end();
      } else if (kind === 'api') await this.#api(name, request, response, entry, fault);
      else if (kind === 'download') await this.#download(url, request, response, entry, fault);
      else if (kind === 'upload') await this.#upload(url, request, response, entry, fault);
      else {
        request.resume();
        this.#send(entry, response, 404, `Cannot ${request.method} ${url.pathname}`, {
          'content-type': 'text/html; charset=utf-8',
        });
      }
    } catch (error) {
      if (response.headersSent || response.destroyed) return;
      if (error instanceof HttpFailure) {
        this.#send(entry, response, error.status, error.body, { 'content-type': error.contentType }, fault);
      } else {
        this.#send(entry, response, 500, 'Something went wrong', { 'content-type': 'text/plain; charset=utf-8' });
      }
    }
  }

  #projectOf(request: IncomingMessage): string {
    const header = request.headers['x-api-key'];
    const key = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    const projectId = key === '' ? undefined : this.#keys[key.split(':')[0]!];
    if (projectId === undefined) throw new HttpFailure(401, 'not authenticated');
    return projectId;
  }

  async #readBody(request: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  #signedDownloadUrl(filePath: string): string {
    const path = `/storage/${this.bucket}/${filePath}`;
    const issuedMs = this.faults.takeUrlExpiry() ? Date.now() - (this.#downloadUrlTtlSec + 60) * 1000 : Date.now();
    const date = googDate(issuedMs);
    const expires = String(this.#downloadUrlTtlSec);
    const signature = createHmac('sha256', this.#signingKey).update(`GET\n${path}\n${date}\n${expires}`).digest('hex');
    const query = new URLSearchParams({
      'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
      'X-Goog-Date': date,
      'X-Goog-Expires': expires,
      'X-Goog-SignedHeaders': 'host',
      'X-Goog-Signature': signature,
    });
    return `${this.url}${encodeURI(path)}?${query}`;
  }

  #newSession(
    projectId: string,
    filePath: string,
    metadata: Record<string, unknown>,
    dataId: string | undefined,
  ): string {
    const uploadId = randomUUID();
    const ttlMs = this.#uploadSessionTtlSec * 1000;
    this.#sessions.set(uploadId, {
      projectId,
      filePath,
      metadata,
      dataId,
      expiresAtMs: this.faults.takeUrlExpiry() ? Date.now() - 1 : Date.now() + ttlMs,
      receivedBytes: 0,
      partPath: join(this.root, 'uploads', `${uploadId}.part`),
      object: undefined,
    });
    const query = new URLSearchParams({ uploadType: 'resumable', name: filePath, upload_id: uploadId });
    return `${this.url}/upload/storage/v1/b/${this.bucket}/o?${query}`;
  }

  async #exists(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  }

  async #api(
    name: string,
    request: IncomingMessage,
    response: ServerResponse,
    entry: RecordedRequest,
    fault: Fault | undefined,
  ): Promise<void> {
    const raw = await this.#readBody(request);
    const projectId = this.#projectOf(request);
    let body: Record<string, unknown> = {};
    if (raw.length > 0 && String(request.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8')) ?? {};
      } catch {
        throw new HttpFailure(400, 'Bad Request');
      }
      entry.body = body;
    }
    const reply = await this.#route(name, projectId, body);
    if ('text' in reply) {
      this.#send(entry, response, 200, reply.text, { 'content-type': 'text/plain; charset=utf-8' }, fault);
    } else {
      const headers = { 'content-type': 'application/json; charset=utf-8' };
      this.#send(entry, response, 200, JSON.stringify(reply.json), headers, fault);
    }
  }

  /** The stand-in server's route table: one case per Nstrumenta endpoint, to compare with the real API. */
  async #route(name: string, projectId: string, body: Record<string, unknown>): Promise<ApiReply> {
    switch (name) {
      case 'getProject': {
        const project = this.#projects[projectId];
        if (!project) throw new HttpFailure(500, 'Something went wrong');
        const { keyFile: _keyFile, apiKeys: _apiKeys, ...fields } = project;
        return { json: { ...fields, id: projectId } };
      }
      case 'verifyApiKey':
        return { text: projectId };
      case 'getDataMount':
        return { json: { bucket: this.bucket, projectId } };
      case 'getProjectDownloadUrl':
      case 'getDownloadUrl':
        return { text: await this.#downloadUrl(projectId, body, name === 'getDownloadUrl' ? 'modules/' : '') };
      case 'getUploadDataUrl':
        return { json: await this.#uploadDataUrl(projectId, body) };
      case 'getUploadUrl': {
        if (typeof body.path !== 'string') throw new HttpFailure(500, 'Something went wrong');
        const filePath = `projects/${projectId}/${body.path.replace(/^\/+/, '')}`;
        if (await this.#exists(this.#bucketPath(filePath))) throw new HttpFailure(409, 'file exists');
        return { json: { uploadUrl: this.#newSession(projectId, filePath, metadataOf(body), undefined) } };
      }
      case 'listStorageObjects': {
        if (typeof body.type !== 'string' || body.type.includes('/'))
          throw new HttpFailure(500, 'Something went wrong');
        return { json: body.type === 'data' ? this.listing(projectId) : [] };
      }
      case 'listModules':
        return { json: await this.#modules(projectId) };
      case 'queryCollection': {
        const { field, comparison, compareValue, limit } = body;
        if (typeof field !== 'string' || typeof comparison !== 'string') {
          throw new HttpFailure(500, 'Invalid query: field and comparison are required');
        }
        const found = this.listing(projectId)
          .map((record) => record.data)
          .filter((data) => compare(data[field], comparison, compareValue));
        return { json: typeof limit === 'number' ? found.slice(0, limit) : found };
      }
      case 'getDataMetadata': {
        if (typeof body.dataId !== 'string') throw new HttpFailure(400, 'dataId is required');
        return { json: this.#byDataId(projectId, body.dataId) };
      }
      case 'setDataMetadata':
        return { json: await this.#setDataMetadata(projectId, body) };
      case 'getToken':
        return { json: { token: this.#token(projectId) } };
      case 'verifyToken':
        this.#verifyToken(typeof body.token === 'string' ? body.token : '');
        return { text: '' };
      default:
        throw new HttpFailure(404, `Cannot POST /${name}`);
    }
  }

  /** Where a storage object lies on disk; object names are flat keys, so "." and ".." segments are refused. */
  #bucketPath(filePath: string): string {
    if (filePath.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new HttpFailure(500, 'Something went wrong');
    }
    return join(this.root, 'bucket', ...filePath.split('/'));
  }

  /** A signed download URL of `body.path` (below `projects/<id>/<base>`); 404 when there is no such file. */
  async #downloadUrl(projectId: string, body: Record<string, unknown>, base: string): Promise<string> {
    if (typeof body.path !== 'string') throw new HttpFailure(500, 'Something went wrong');
    const prefix = `projects/${projectId}/`;
    const stripped = body.path.startsWith(prefix) ? body.path.slice(prefix.length) : body.path;
    const filePath = `${prefix}${base}${stripped.startsWith('/') ? stripped.slice(1) : stripped}`;
    if (!(await this.#exists(this.#bucketPath(filePath)))) throw new HttpFailure(404, "file doesn't exist");
    return this.#signedDownloadUrl(filePath);
  }

  /** An upload session for `data/<body.name>`; 409 when the file exists and `body.overwrite` is not set. */
  async #uploadDataUrl(projectId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (typeof body.name !== 'string') throw new HttpFailure(500, 'Something went wrong');
    const filePath = `projects/${projectId}/data/${body.name}`;
    const exists = await this.#exists(this.#bucketPath(filePath));
    if (!body.overwrite && exists) throw new HttpFailure(409, 'file exists');
    const metadata = metadataOf(body);
    const dataId = typeof body.dataId === 'string' ? body.dataId : undefined;
    const uploadUrl = this.#newSession(projectId, filePath, metadata, dataId);
    return { uploadUrl, remoteFilePath: filePath, ...metadata };
  }

  async #modules(projectId: string): Promise<Record<string, string>[]> {
    const names = await readdir(join(this.root, 'bucket', 'projects', projectId, 'modules')).catch(() => []);
    return names.sort().map((file) => ({
      name: file,
      filePath: `projects/${projectId}/modules/${file}`,
      moduleDocumentPath: `projects/${projectId}/modules/${sha256Hex(file)}`,
    }));
  }

  /**
   * Merges (or, with `merge: false`, sets) the metadata of the records with `body.dataId`, waiting up to
   * `body.timeout` ms for an upload of that id to finish, as the real service does.
   */
  async #setDataMetadata(projectId: string, body: Record<string, unknown>): Promise<DataObjectFields[]> {
    const { dataId, metadata, merge = true, timeout = 30_000 } = body;
    if (typeof dataId !== 'string') throw new HttpFailure(400, 'dataId is required');
    if (typeof metadata !== 'object' || metadata === null) throw new HttpFailure(400, 'metadata is required');
    const start = Date.now();
    let records = this.#byDataId(projectId, dataId);
    while (records.length === 0) {
      if (Date.now() - start >= Number(timeout) || this.#closed) {
        throw new HttpFailure(400, `no data with dataId ${dataId} after ${timeout} ms`);
      }
      await new Promise((resolve) => this.#later(20, () => resolve(undefined)));
      records = this.#byDataId(projectId, dataId);
    }
    for (const record of records) {
      if (!merge) for (const key of Object.keys(record)) if (!FILE_FIELDS.includes(key)) delete record[key];
      Object.assign(record, metadata);
    }
    return records;
  }

  /** A JWT for the project, valid one hour, signed with the server's key. */
  #token(projectId: string): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ projectId, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
    const signature = createHmac('sha256', this.#signingKey).update(head).digest('base64url');
    return `${head}.${signature}`;
  }

  /** 401 unless `token` carries the server's signature. */
  #verifyToken(token: string): void {
    const [head, payload, signature] = token.split('.');
    const expected = createHmac('sha256', this.#signingKey).update(`${head}.${payload}`).digest();
    const given = Buffer.from(signature ?? '', 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpFailure(401, 'not authenticated');
    }
  }

  #byDataId(projectId: string, dataId: string): DataObjectFields[] {
    return [...(this.#index.get(projectId)?.values() ?? [])].filter((record) => record.dataId === dataId);
  }

  async #download(
    url: URL,
    request: IncomingMessage,
    response: ServerResponse,
    entry: RecordedRequest,
    fault: Fault | undefined,
  ): Promise<void> {
    request.resume();
    const xml = { 'content-type': 'application/xml; charset=utf-8' };
    const prefix = `/storage/${this.bucket}/`;
    const encodedPath = url.pathname;
    const filePath = decodeURIComponent(encodedPath.slice(prefix.length));
    const date = url.searchParams.get('X-Goog-Date') ?? '';
    const expires = url.searchParams.get('X-Goog-Expires') ?? '';
    const given = Buffer.from(url.searchParams.get('X-Goog-Signature') ?? '', 'hex');
    const expected = createHmac('sha256', this.#signingKey)
      .update(`GET\n${prefix}${filePath}\n${date}\n${expires}`)
      .digest();
    if (!encodedPath.startsWith(prefix) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpFailure(
        403,
        storageXml(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        ),
        xml['content-type'],
      );
    }
    if (Date.now() > parseGoogDate(date) + Number(expires) * 1000) {
      throw new HttpFailure(403, storageXml('ExpiredToken', 'The provided token has expired.'), xml['content-type']);
    }
    const path = join(this.root, 'bucket', ...filePath.split('/'));
    if (!(await this.#exists(path))) {
      throw new HttpFailure(404, storageXml('NoSuchKey', 'The specified key does not exist.'), xml['content-type']);
    }
    const headers = { 'content-type': 'application/octet-stream' };
    if (fault?.kind === 'truncate') {
      this.#send(entry, response, 200, await readFile(path), headers, fault);
      return;
    }
    const size = (await stat(path)).size;
    entry.status = 200;
    response.writeHead(200, { 'access-control-allow-origin': '*', 'content-length': size, ...headers });
    createReadStream(path).pipe(response);
  }

  async #upload(
    url: URL,
    request: IncomingMessage,
    response: ServerResponse,
    entry: RecordedRequest,
    fault: Fault | undefined,
  ): Promise<void> {
    const session = this.#sessions.get(url.searchParams.get('upload_id') ?? '');
    if (!session) {
      request.resume();
      throw new HttpFailure(404, 'No such upload session');
    }
    if (Date.now() > session.expiresAtMs) {
      request.resume();
      throw new HttpFailure(410, 'The upload session has expired');
    }
    const completed = () =>
      this.#send(entry, response, 200, JSON.stringify(session.object), { 'content-type': 'application/json' }, fault);
    const incomplete = () => {
      const headers: Record<string, string> = {};
      if (session.receivedBytes > 0) headers.range = `bytes=0-${session.receivedBytes - 1}`;
      this.#send(entry, response, 308, '', headers, fault);
    };
    const range = request.headers['content-range'];
    if (range === undefined) {
      // A full PUT: the body is the whole object.
      if (session.object) {
        request.resume();
        return completed();
      }
      session.receivedBytes = 0;
      await this.#receive(session, request, 0, entry);
      await this.#complete(session);
      return completed();
    }
    const query = /^bytes \*\/(\d+|\*)$/.exec(range);
    const chunk = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
    if (query) {
      // A status query (or the final empty request of a zero-byte object).
      request.resume();
      if (session.object) return completed();
      if (query[1] === '0' && session.receivedBytes === 0) {
        await this.#complete(session);
        return completed();
      }
      return incomplete();
    }
    if (!chunk) {
      request.resume();
      throw new HttpFailure(400, `Invalid Content-Range: ${range}`);
    }
    const start = Number(chunk[1]);
    const total = chunk[3] === '*' ? undefined : Number(chunk[3]);
    if (start > session.receivedBytes) {
      request.resume();
      throw new HttpFailure(400, `Invalid request: expected offset ${session.receivedBytes}, found ${start}`);
    }
    if (session.object) {
      request.resume();
      return completed();
    }
    await this.#receive(session, request, start, entry);
    if (total !== undefined && session.receivedBytes === total) {
      await this.#complete(session);
      return completed();
    }
    return incomplete();
  }

  /**
   * Appends the request body, which starts at object offset `start`, to the session's part file (bytes the
   * session already has are skipped); keeps what arrived when the client drops the connection.
   */
  async #receive(session: UploadSessionState, request: IncomingMessage, start: number, entry: RecordedRequest) {
    await mkdir(dirname(session.partPath), { recursive: true });
    if (session.receivedBytes === 0) await rm(session.partPath, { force: true });
    let skip = session.receivedBytes - start;
    const out: WriteStream = createWriteStream(session.partPath, { flags: 'a' });
    try {
      for await (const chunk of request) {
        let bytes = chunk as Buffer;
        entry.bodyBytes += bytes.length;
        if (skip > 0) {
          const skipped = Math.min(skip, bytes.length);
          skip -= skipped;
          bytes = bytes.subarray(skipped);
        }
        session.receivedBytes += bytes.length;
        if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      if (!request.complete) throw new Error('the client dropped the connection mid-body');
    } finally {
      await new Promise<void>((resolve) => out.end(() => resolve()));
    }
  }

  async #complete(session: UploadSessionState): Promise<void> {
    const target = join(this.root, 'bucket', ...session.filePath.split('/'));
    await mkdir(dirname(target), { recursive: true });
    if (session.receivedBytes === 0) await writeFileAtomic(target, new Uint8Array());
    else await rename(session.partPath, target);
    session.object = await this.#fileObject(session.filePath, target);
    const object = session.object;
    this.#later(this.#listingDelayMs, () =>
      this.#addRecord(session.projectId, session.filePath, object, session.metadata, session.dataId),
    );
  }
}

/**
 * Starts a {@link StandInServer} on `127.0.0.1` and an ephemeral port. Close it with `close()` after each test.
 *
 * @example
 * ```ts
 * import { startStandInServer } from '@tsc/nstrumenta/testing';
 *
 * const server = await startStandInServer({ root: 'stand-in' }); // its files, in a folder of your choice
 * process.env.NSTRUMENTA_API_KEY = server.apiKey;
 * // ... run the client ...
 * await server.close();
 * ```
 */
export async function startStandInServer({
  root,
  keys = { [randomUUID()]: 'nst-test' },
  projects,
  listingDelayMs = 0,
  downloadUrlTtlSec = 72 * 3600,
  uploadSessionTtlSec = 7 * 24 * 3600,
  bucket = 'stand-in-bucket',
}: StandInServerOptions): Promise<StandInServer> {
  const projectDocs: Record<string, Record<string, unknown>> = { ...projects };
  for (const projectId of Object.values(keys)) projectDocs[projectId] ??= { name: projectId };
  await mkdir(root, { recursive: true });
  const server = createServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const standIn = new StandInServer(server, {
    root,
    keys,
    projects: projectDocs,
    listingDelayMs,
    downloadUrlTtlSec,
    uploadSessionTtlSec,
    bucket,
  });
  await standIn.indexExisting();
  return standIn;
}
