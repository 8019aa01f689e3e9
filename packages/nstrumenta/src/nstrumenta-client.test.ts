import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  HttpError,
  IncompleteDownloadError,
  NetworkError,
  NotFoundError,
  type NstrumentaError,
  ResponseFormatError,
  TimeoutError,
} from './errors.js';
import { NstrumentaClient, type NstrumentaClientOptions, parseDownloadUrl } from './nstrumenta-client.js';
import { type StandInServer, startStandInServer } from './testing/index.js';

const SECRET = '0d5e8f3a-7c41-4b2e-9f6a-1e2d3c4b5a69';

let dir: string;
let server: StandInServer;
let logLines: string[];
let delays: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-client-'));
  server = await startStandInServer({ root: join(dir, 'server'), keys: { [SECRET]: 'nst-test' }, listingDelayMs: 250 });
  logLines = [];
  delays = [];
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A client with tiny timeouts and a recording, instant sleep. */
function client(options: NstrumentaClientOptions = {}): NstrumentaClient {
  return new NstrumentaClient({
    apiKey: server.apiKey,
    timeoutMs: 2_000, // generous for a busy machine; tests of hangs set a short one
    retries: 3,
    retryBaseDelayMs: 1,
    log: (line) => logLines.push(line),
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Asserts that neither the key nor its secret leaks into an error (message, stack, fields) or the log. */
function expectNoKeyLeak(error?: Error): void {
  const texts = [...logLines];
  if (error) texts.push(error.message, String(error.stack), JSON.stringify({ ...error }));
  for (const text of texts) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(server.apiKey.split(':')[1]);
  }
}

function routes(): string[] {
  return server.requests.map((request) => `${request.route} ${request.status ?? '-'}`);
}

async function localFiles(): Promise<string[]> {
  return (await readdir(join(dir, 'out')).catch(() => [] as string[])).sort();
}

describe('NstrumentaClient: the REST contract', () => {
  it('reads the key from NSTRUMENTA_API_KEY and sends the golden requests of the Python client', async () => {
    const previous = process.env.NSTRUMENTA_API_KEY;
    process.env.NSTRUMENTA_API_KEY = ` ${server.apiKey} `;
    try {
      const nst = new NstrumentaClient({ retryBaseDelayMs: 1 });
      expect(nst.apiUrl).toBe(server.url);
      await server.seed('Sensor_Log_X.mcap', 'mcap bytes');
      expect(await nst.getProject()).toEqual({ id: 'nst-test', name: 'nst-test' });
      expect(await nst.verifyApiKey()).toBe('nst-test');
      await nst.getDownloadUrl('Sensor_Log_X.mcap');
      await nst.getUploadUrl('Sensor_Log_X/Sensor_Log_X.classification.mcap', { overwrite: true });
      await nst.listData();
    } finally {
      process.env.NSTRUMENTA_API_KEY = previous;
    }
    const api = server.requests.filter((request) => request.kind === 'api');
    expect(api.map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', '/getProject', undefined],
      ['POST', '/verifyApiKey', undefined],
      ['POST', '/getProjectDownloadUrl', { path: 'data/Sensor_Log_X.mcap' }],
      ['POST', '/getUploadDataUrl', { name: 'Sensor_Log_X/Sensor_Log_X.classification.mcap', overwrite: true }],
      ['POST', '/listStorageObjects', { type: 'data' }],
    ]);
    for (const request of api) expect(request.headers['x-api-key']).toBe(SECRET);
    expect(api[2]!.headers['content-type']).toBe('application/json');
  });

  it('downloads through a signed URL without sending the key to storage', async () => {
    const bytes = randomBytes(300_000);
    await server.seed('Sensor_Log_X.mcap', bytes);
    const progress: number[] = [];
    const target = join(dir, 'out', 'Sensor_Log_X.mcap');
    await client().download('/Sensor_Log_X.mcap', target, { onProgress: (received) => progress.push(received) });
    expect(Buffer.compare(await readFile(target), bytes)).toBe(0);
    expect(progress.at(-1)).toBe(bytes.length);
    const storage = server.requests.find((request) => request.kind === 'download')!;
    expect(storage.headers['x-api-key']).toBeUndefined();
    expect(storage.headers.authorization).toBeUndefined();
    expect(await localFiles()).toEqual(['Sensor_Log_X.mcap']);
  });

  it('accepts the download URL as plain text, a JSON string, {url} or {downloadUrl}', async () => {
    await server.seed('a.bin', 'payload');
    for (const wrap of [
      (url: string) => JSON.stringify(url),
      (url: string) => JSON.stringify({ url }),
      (url: string) => JSON.stringify({ downloadUrl: url }),
    ]) {
      // A fetch that rewrites the real server's plain-text answer into another accepted form.
      const rewriting: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/getProjectDownloadUrl')) return response;
        return new Response(wrap(await response.text()), { status: 200 });
      };
      const target = join(dir, 'out', 'a.bin');
      await rm(target, { force: true });
      await client({ fetch: rewriting }).download('a.bin', target);
      expect(await readFile(target, 'utf8')).toBe('payload');
    }
    const context = { endpoint: 'getProjectDownloadUrl' };
    expect(parseDownloadUrl(' http://h/x \n', context)).toBe('http://h/x');
    expect(() => parseDownloadUrl('{"nope":1}', context)).toThrow(ResponseFormatError);
    expect(() => parseDownloadUrl('file:///etc/passwd', context)).toThrow(/http\(s\) download URL/);
  });

  it('maps 401 to AuthError, 404 to NotFoundError, 409 to ConflictError, never leaking the key', async () => {
    const wrongKey = server.apiKey.replace(SECRET, 'not-a-known-secret');
    const auth = await caught(client({ apiKey: wrongKey }).getProject());
    expect(auth).toBeInstanceOf(AuthError);
    expect(auth).toMatchObject({ status: 401, endpoint: 'getProject', bodyExcerpt: 'not authenticated' });
    expectNoKeyLeak(auth);

    const missing = await caught(client().download('nope/missing.mcap', join(dir, 'out', 'missing.mcap')));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ endpoint: 'getProjectDownloadUrl', remotePath: 'nope/missing.mcap' });
    expect(missing.message).toBe("getProjectDownloadUrl nope/missing.mcap: HTTP 404 (not found): file doesn't exist");
    expect(await client().exists('nope/missing.mcap')).toBe(false);
    expect(await localFiles()).toEqual([]);

    const local = join(dir, 'result.mcap');
    await writeFile(local, 'v1');
    await client().upload(local, 'Sensor_Log_X/Sensor_Log_X.classification.mcap');
    const conflict = await caught(client().upload(local, 'Sensor_Log_X/Sensor_Log_X.classification.mcap'));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, remotePath: 'Sensor_Log_X/Sensor_Log_X.classification.mcap' });
    expectNoKeyLeak(conflict);
  });
});

describe('NstrumentaClient: uploads', () => {
  it('streams one PUT without the key or a JSON content type, honours overwrite, and waits for the listing', async () => {
    const local = join(dir, 'big.bin');
    const bytes = randomBytes(600_000);
    await writeFile(local, bytes);
    const nst = client();
    const result = await nst.upload(local, 'runs/big.bin', { dataId: 'd-1', metadata: { tags: ['x'] } });
    expect(result).toEqual({
      remotePath: 'runs/big.bin',
      remoteFilePath: 'projects/nst-test/data/runs/big.bin',
      sizeBytes: bytes.length,
    });
    const put = server.requests.find((request) => request.kind === 'upload')!;
    expect(put.method).toBe('PUT');
    expect(put.headers['x-api-key']).toBeUndefined();
    expect(put.headers['content-type']).not.toMatch(/json/);
    expect(put.headers['content-range']).toBeUndefined();
    expect(put.bodyBytes).toBe(bytes.length);
    expect(Buffer.compare(await readFile(server.blobPath('runs/big.bin')), bytes)).toBe(0);

    // The listing record appears after the stand-in's delay, so list-after-upload must poll.
    expect((await nst.listData()).some((record) => record.data.filePath.endsWith('runs/big.bin'))).toBe(false);
    const listed = await nst.waitForListed('runs/big.bin', { timeoutMs: 2_000, pollIntervalMs: 10 });
    expect(listed.data).toMatchObject({ name: 'big.bin', dirname: 'runs', size: String(bytes.length), dataId: 'd-1' });

    await writeFile(local, 'v2');
    await nst.upload(local, 'runs/big.bin', { overwrite: true });
    expect(await readFile(server.blobPath('runs/big.bin'), 'utf8')).toBe('v2');

    expect(await nst.getDataMetadata('d-1')).toMatchObject([{ tags: ['x'] }]);
    const updated = await nst.setDataMetadata('d-1', { reviewed: true });
    expect(updated[0]).toMatchObject({ tags: ['x'], reviewed: true, filePath: 'projects/nst-test/data/runs/big.bin' });
  });

  it('gives up waiting for a listing with a TimeoutError', async () => {
    const error = await caught(client().waitForListed('never.bin', { timeoutMs: 30, pollIntervalMs: 5 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ endpoint: 'listStorageObjects', remotePath: 'never.bin' });
  });

  it('uploads in resumable chunks and resumes after a failed chunk without resending what arrived', async () => {
    const local = join(dir, 'chunked.bin');
    const bytes = randomBytes(700_000); // three 256 KiB chunks
    await writeFile(local, bytes);
    server.faults.failNext(1, 503, {
      target: (request) => request.headers['content-range']?.startsWith('bytes 262144') ?? false,
    });
    await client({ chunkedUploadThresholdBytes: 0, chunkSizeBytes: 256 * 1024 }).upload(local, 'chunked.bin');
    expect(Buffer.compare(await readFile(server.blobPath('chunked.bin')), bytes)).toBe(0);
    const ranges = server.requests
      .filter((r) => r.kind === 'upload')
      .map((r) => `${r.headers['content-range']} ${r.status}`);
    expect(ranges).toEqual([
      'bytes 0-262143/* 308',
      'bytes 262144-524287/* 503',
      'bytes */700000 308',
      'bytes 262144-524287/* 308',
      'bytes 524288-699999/700000 200',
    ]);
  });

  it('uploads zero-byte files as one PUT and in chunked mode (bytes */0)', async () => {
    const local = join(dir, 'empty.bin');
    await writeFile(local, '');
    await client().upload(local, 'empty-1.bin');
    await client({ chunkedUploadThresholdBytes: 0 }).upload(local, 'empty-2.bin');
    expect(await readFile(server.blobPath('empty-1.bin'), 'utf8')).toBe('');
    expect(await readFile(server.blobPath('empty-2.bin'), 'utf8')).toBe('');
    expect(server.requests.filter((r) => r.kind === 'upload').map((r) => r.headers['content-range'])).toEqual([
      undefined,
      'bytes */0',
    ]);
  });

  it('resumes a single-shot PUT whose connection dropped, from the offset the session reports', async () => {
    const local = join(dir, 'reset.bin');
    const bytes = randomBytes(200_000);
    await writeFile(local, bytes);
    server.faults.resetNext(1, { target: 'upload' });
    await client().upload(local, 'reset.bin');
    expect(Buffer.compare(await readFile(server.blobPath('reset.bin')), bytes)).toBe(0);
    expect(routes()).toEqual(['getUploadDataUrl 200', 'storage PUT -', 'storage PUT 308', 'storage PUT 200']);
  });

  it('times out a PUT that gets no answer, then resumes after a status query', async () => {
    const local = join(dir, 'hang.bin');
    const bytes = randomBytes(40_000);
    await writeFile(local, bytes);
    server.faults.hangNext(1, { target: 'upload' });
    await client({ timeoutMs: 200 }).upload(local, 'hang.bin');
    expect(Buffer.compare(await readFile(server.blobPath('hang.bin')), bytes)).toBe(0);
    expect(routes()).toEqual(['getUploadDataUrl 200', 'storage PUT -', 'storage PUT 308', 'storage PUT 200']);
    expect(logLines[0]).toMatch(/^upload hang\.bin: retry 1\/3 after TimeoutError/);
  });

  it('replaces an expired upload session once', async () => {
    const local = join(dir, 'late.bin');
    await writeFile(local, 'late');
    server.faults.expireNextUrls(1);
    await client().upload(local, 'late.bin');
    expect(routes()).toEqual(['getUploadDataUrl 200', 'storage PUT 410', 'getUploadDataUrl 200', 'storage PUT 200']);
    expect(logLines.join('\n')).toMatch(/upload session is gone \(HTTP 410\)/);
    server.faults.expireNextUrls(2);
    const error = await caught(client().upload(local, 'later.bin'));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 410, remotePath: 'later.bin' });
    expect((error as NstrumentaError).endpoint).toMatch(/^storage PUT http:\/\/127\.0\.0\.1:\d+\/upload\/storage/);
    expect(error.message).not.toContain('upload_id');
  });
});

describe('NstrumentaClient: faults', () => {
  it.each([500, 502, 503, 504])('retries idempotent calls after HTTP %i', async (status) => {
    server.faults.failNext(2, status, { target: 'api' });
    expect((await client().getProject()).id).toBe('nst-test');
    expect(routes()).toEqual([`getProject ${status}`, `getProject ${status}`, 'getProject 200']);
    expect(delays).toHaveLength(2);
  });

  it('backs off exponentially with seeded jitter, the same schedule for the same seed', async () => {
    server.faults.failNext(3, 503, { target: 'api' });
    await client({ retryBaseDelayMs: 100, retrySeed: 7 }).listData();
    const first = [...delays];
    expect(first).toHaveLength(3);
    first.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** index);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** index);
    });
    delays.length = 0;
    server.faults.failNext(3, 503, { target: 'api' });
    await client({ retryBaseDelayMs: 100, retrySeed: 7 }).listData();
    expect(delays).toEqual(first);
  });

  it('honours Retry-After on 429', async () => {
    server.faults.failNext(1, 429, { target: 'getProject', retryAfterSec: 2 });
    await client().getProject();
    expect(delays).toEqual([2000]);
    expect(logLines).toEqual([expect.stringMatching(/^getProject: retry 1\/3 after HTTP 429, waiting 2000 ms$/)]);
  });

  it('stops after the configured retries with an HttpError carrying status and body excerpt', async () => {
    server.faults.failNext(10, 500, { target: 'api', body: 'Something went wrong' });
    const error = await caught(client({ retries: 2 }).getDownloadUrl('x.bin'));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 500, bodyExcerpt: 'Something went wrong', remotePath: 'x.bin' });
    expect(server.requests).toHaveLength(3);
    expectNoKeyLeak(error);
  });

  it('does not retry a non-idempotent call after 500, but does after 503', async () => {
    server.faults.failNext(1, 500, { target: 'setDataMetadata' });
    expect(await caught(client().setDataMetadata('d', { a: 1 }, { timeoutMs: 10 }))).toMatchObject({ status: 500 });
    expect(routes()).toEqual(['setDataMetadata 500']);
    server.faults.failNext(1, 503, { target: 'setDataMetadata' });
    const error = await caught(client().setDataMetadata('d', { a: 1 }, { timeoutMs: 10 }));
    expect(error).toMatchObject({ status: 400, bodyExcerpt: 'no data with dataId d after 10 ms' });
    expect(routes().slice(1)).toEqual(['setDataMetadata 503', 'setDataMetadata 400']);
  });

  it('times out a hanging request and retries it; a short delay is fine', async () => {
    server.faults.delayNext(1, 20, { target: 'api' });
    server.faults.hangNext(1, { target: 'api' });
    expect((await client({ timeoutMs: 200 }).getProject()).id).toBe('nst-test'); // delayed, answered
    expect((await client({ timeoutMs: 200 }).getProject()).id).toBe('nst-test'); // hung, then retried
    expect(server.requests.map((request) => request.fault ?? 'none')).toEqual(['delay 20', 'hang', 'none']);
    server.faults.hangNext(3, { target: 'api' });
    const error = await caught(client({ retries: 2, timeoutMs: 50 }).getProject());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, endpoint: 'getProject' });
    expectNoKeyLeak(error);
  });

  it('retries after a dropped connection and reports a NetworkError when it keeps dropping', async () => {
    server.faults.resetNext(1, { target: 'api' });
    expect((await client().getProject()).id).toBe('nst-test');
    server.faults.resetNext(4, { target: 'api' });
    const error = await caught(client().listData());
    expect(error).toBeInstanceOf(NetworkError);
    expectNoKeyLeak(error);
  });

  it('retries an API answer cut off mid-body', async () => {
    await server.seed('a.bin', 'a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.faults.truncateNext(1, { target: 'listStorageObjects', fraction: 0.5 });
    expect(await client().listData()).toHaveLength(1);
    expect(server.requests.map((request) => request.fault ?? 'none')).toEqual(['truncate 0.5', 'none']);
  });

  it('never leaves a partial file: a truncated download is retried, a persistently truncated one fails cleanly', async () => {
    const bytes = randomBytes(100_000);
    await server.seed('t.bin', bytes);
    const target = join(dir, 'out', 't.bin');
    server.faults.truncateNext(1);
    await client().download('t.bin', target);
    expect(Buffer.compare(await readFile(target), bytes)).toBe(0);
    expect(routes()).toEqual([
      'getProjectDownloadUrl 200',
      'storage GET 200',
      'getProjectDownloadUrl 200',
      'storage GET 200',
    ]);

    await rm(target);
    server.faults.truncateNext(4);
    const error = await caught(client().download('t.bin', target));
    expect(error instanceof NetworkError || error instanceof IncompleteDownloadError).toBe(true);
    expect(await localFiles()).toEqual([]); // neither the target nor a temporary file
  });

  it('checks the received length against Content-Length before renaming', async () => {
    await server.seed('short.bin', 'the real content');
    // A fetch whose storage answers announce more bytes than they carry (a proxy that cut the body cleanly).
    const shortening: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/storage/')) return response;
      const body = (await response.text()).slice(0, 4);
      return new Response(body, { status: 200, headers: { 'content-length': '16' } });
    };
    const error = await caught(
      client({ fetch: shortening, retries: 1 }).download('short.bin', join(dir, 'out', 's.bin')),
    );
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect(error).toMatchObject({ expectedBytes: 16, receivedBytes: 4, remotePath: 'short.bin' });
    expect(await localFiles()).toEqual([]);
    expect(logLines).toEqual([expect.stringMatching(/^download short\.bin: retry 1\/1 after IncompleteDownloadError/)]);
  });

  it('never saves an error body as data', async () => {
    await server.seed('e.bin', 'real data');
    server.faults.failNext(4, 503, { target: 'download', body: '<Error>Service Unavailable</Error>' });
    const error = await caught(client().download('e.bin', join(dir, 'out', 'e.bin')));
    expect(error).toMatchObject({ status: 503, bodyExcerpt: '<Error>Service Unavailable</Error>' });
    expect(await localFiles()).toEqual([]);
    // An existing good file stays untouched by a failed download.
    await mkdir(join(dir, 'out'), { recursive: true });
    await writeFile(join(dir, 'out', 'e.bin'), 'good old data');
    server.faults.failNext(4, 500, { target: 'download' });
    await caught(client().download('e.bin', join(dir, 'out', 'e.bin')));
    expect(await readFile(join(dir, 'out', 'e.bin'), 'utf8')).toBe('good old data');
    expect(await localFiles()).toEqual(['e.bin']);
  });

  it('times out a download that stalls mid-body, then succeeds on retry', async () => {
    await server.seed('slow.bin', randomBytes(10_000));
    server.faults.hangNext(1, { target: 'download' });
    await client({ timeoutMs: 200 }).download('slow.bin', join(dir, 'out', 'slow.bin'));
    expect(routes()).toEqual([
      'getProjectDownloadUrl 200',
      'storage GET -',
      'getProjectDownloadUrl 200',
      'storage GET 200',
    ]);
  });

  it('fetches a fresh URL when a signed URL has expired (403 ExpiredToken)', async () => {
    await server.seed('x.bin', 'fresh');
    server.faults.expireNextUrls(1);
    await client().download('x.bin', join(dir, 'out', 'x.bin'));
    expect(routes()).toEqual([
      'getProjectDownloadUrl 200',
      'storage GET 403',
      'getProjectDownloadUrl 200',
      'storage GET 200',
    ]);
    server.faults.expireNextUrls(4);
    const error = await caught(client().download('x.bin', join(dir, 'out', 'y.bin')));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 403, remotePath: 'x.bin' });
    expect((error as HttpError).bodyExcerpt).toContain('ExpiredToken');
    expect(error.message).not.toContain('X-Goog-Signature');
  });

  it('retries storage PUTs after 503 and 429 by asking the session what it has', async () => {
    const local = join(dir, 'p.bin');
    await writeFile(local, randomBytes(50_000));
    server.faults.failNext(1, 503, { target: 'upload' });
    server.faults.failNext(1, 429, { target: 'upload', retryAfterSec: 1 });
    await client().upload(local, 'p.bin');
    expect(routes()).toEqual([
      'getUploadDataUrl 200',
      'storage PUT 503',
      'storage PUT 429',
      'storage PUT 308',
      'storage PUT 200',
    ]);
    expect(delays[1]).toBe(1000);
    expectNoKeyLeak();
  });
});
