import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LocalFileError,
  NstrumentaError,
  ResponseFormatError,
  TimeoutError,
  UploadVerificationError,
} from './errors.js';
import { LocalProjectStore } from './local-project-store.js';
import { NstrumentaClient, type NstrumentaClientOptions } from './nstrumenta-client.js';
import { type StandInServer, startStandInServer } from './testing/index.js';

// Fault suite (issue 14, Why 1, 2, 7, 9 and 13): uploads verified end to end, non-files refused, local paths named.

let dir: string;
let server: StandInServer;
let logLines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-upload-faults-'));
  server = await startStandInServer({ root: join(dir, 'server') });
  logLines = [];
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function client(options: NstrumentaClientOptions = {}): NstrumentaClient {
  return new NstrumentaClient({
    apiKey: server.apiKey,
    retries: 3,
    retryBaseDelayMs: 1,
    sleep: async () => {},
    log: (line) => logLines.push(line),
    ...options,
  });
}

/**
 * A `fetch` whose first `count` PUTs with a body reach the server without that body (as if the connection
 * died before any byte was sent, and the server took the empty request as the whole object), then reject.
 */
function fetchLosingPutBodies(count: number): typeof globalThis.fetch {
  let left = count;
  return async (url, init) => {
    if (init?.method === 'PUT' && init.body !== undefined && left > 0) {
      left -= 1;
      const headers = { ...(init.headers as Record<string, string>), 'content-length': '0' };
      await globalThis.fetch(url, { ...init, body: undefined, headers, duplex: undefined } as RequestInit);
      throw new TypeError('fetch failed');
    }
    return globalThis.fetch(url, init);
  };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('transfer faults', () => {
  it('uploads the whole file again when a failed PUT left a 0-byte object, and verifies the result', async () => {
    const local = join(dir, 'basic_synthetic.mcap');
    const bytes = randomBytes(612_667);
    await writeFile(local, bytes);
    const result = await client({ fetch: fetchLosingPutBodies(1) }).upload(local, 'up/basic_synthetic.mcap');
    expect(result.sizeBytes).toBe(612_667);
    expect(Buffer.compare(await readFile(server.blobPath('up/basic_synthetic.mcap')), bytes)).toBe(0);
    expect(logLines.join('\n')).toMatch(/size of the stored object is 0 bytes, expected 612667 bytes; uploading/);
    const puts = server.requests.filter((request) => request.kind === 'upload');
    expect(puts.at(-1)?.bodyBytes).toBe(612_667);
  });

  it('fails with UploadVerificationError when the stored object stays wrong', async () => {
    const local = join(dir, 'a.mcap');
    await writeFile(local, randomBytes(50_000));
    const error = await caught(client({ fetch: fetchLosingPutBodies(2) }).upload(local, 'a.mcap'));
    expect(error).toBeInstanceOf(UploadVerificationError);
    expect(error).toMatchObject({ field: 'size', expected: '50000 bytes', found: '0 bytes', remotePath: 'a.mcap' });
  });

  it('compares the MD5 the server reports with the local file', async () => {
    const local = join(dir, 'm.bin');
    await writeFile(local, randomBytes(10_000));
    // The file changes between the PUT and the check: same size, different bytes.
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const response = await globalThis.fetch(url, init);
      if (init?.method === 'PUT' && response.status === 200) await writeFile(local, randomBytes(10_000));
      return response;
    };
    const error = await caught(client({ fetch }).upload(local, 'm.bin'));
    expect(error).toBeInstanceOf(UploadVerificationError);
    expect(error).toMatchObject({ field: 'md5Hash', remotePath: 'm.bin' });
  });

  it('refuses a folder and a missing path before any request', async () => {
    await mkdir(join(dir, 'folder'));
    for (const [path, found] of [
      [join(dir, 'folder'), /found a folder/],
      [join(dir, 'missing.mcap'), /found nothing readable \(ENOENT\)/],
    ] as const) {
      const error = await caught(client().upload(path, 'up/d.mcap'));
      expect(error).toBeInstanceOf(LocalFileError);
      expect(error.message).toContain(path);
      expect(error.message).toMatch(found);
    }
    expect(server.requests).toHaveLength(0);
    const store = new LocalProjectStore(join(dir, 'local'));
    const error = await caught(store.upload(join(dir, 'folder'), 'up/d.mcap'));
    expect(error).toBeInstanceOf(LocalFileError);
    await expect(stat(join(dir, 'local'))).rejects.toThrow();
  });

  it('refuses listing records of the wrong shape with ResponseFormatError, not a bare TypeError (Why 9)', async () => {
    const fetch: typeof globalThis.fetch = async () => new Response(JSON.stringify([{ id: 'x' }]), { status: 200 });
    const error = await caught(client({ fetch }).listData());
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toMatch(
      /listStorageObjects: expected an array of \{id, data: \{name, filePath, \.\.\.\}\} records/,
    );
  });

  it('refuses a local store root that is a file instead of listing 0 files (Why 13)', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = await caught(new LocalProjectStore(join(dir, 'file')).listData());
    expect(error).toBeInstanceOf(NstrumentaError);
    expect(error.message).toContain(`${join(dir, 'file')}: expected a folder (or nothing yet), found a file`);
  });

  it('gives up on a hung server after the time limit and its retries, with a notice per retry (Why 7)', async () => {
    server.faults.hangNext(10, { target: 'api' });
    const started = Date.now();
    const error = await caught(client({ timeoutMs: 100, retries: 2 }).getProject());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logLines).toEqual([
      expect.stringMatching(/^getProject: retry 1\/2 after TimeoutError/),
      expect.stringMatching(/^getProject: retry 2\/2 after TimeoutError/),
    ]);
  });

  it('names the local path when a download target sits under a file, instead of a raw EEXIST (Why 9)', async () => {
    await server.seed('d.mcap', 'data');
    await writeFile(join(dir, 'file'), 'x');
    const target = join(dir, 'file', 'd.mcap');
    const error = await caught(client().download('d.mcap', target));
    expect(error).toBeInstanceOf(LocalFileError);
    expect(error.message).toMatch(
      new RegExp(`local file ${target}: expected a writable file path, found E(EXIST|NOTDIR)`),
    );
  });
});
