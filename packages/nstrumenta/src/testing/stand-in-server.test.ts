import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StandInServer, startStandInServer } from './stand-in-server.js';

const SECRET = 'a3c9e1f2-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

let dir: string;
let server: StandInServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-server-'));
  // A file already in the bucket is listed from the start.
  await mkdir(join(dir, 'bucket', 'projects', 'nst-test', 'data', 'old'), { recursive: true });
  await writeFile(join(dir, 'bucket', 'projects', 'nst-test', 'data', 'old', 'seeded.bin'), 'seeded');
  server = await startStandInServer({
    root: dir,
    keys: { [SECRET]: 'nst-test', 'other-secret': 'other' },
    projects: { 'nst-test': { name: 'Test project', keyFile: 'hidden', apiKeys: ['hidden'] } },
    listingDelayMs: 40,
  });
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(name: string, body?: unknown, key: string | null = SECRET, method = 'POST') {
  const headers: Record<string, string> = {};
  if (key !== null) headers['x-api-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${server.url}/${name}`, init);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('stand-in server: the Gen A REST contract', () => {
  it('listens on loopback and hands out keys of the form <secret>:<base64(url)>', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiKey).toBe(`${SECRET}:${Buffer.from(server.url).toString('base64')}`);
    expect(Object.keys(server.apiKeys).sort()).toEqual(['nst-test', 'other']);
  });

  it('answers 401 "not authenticated" without a known key, accepts the whole key or its secret, GET and POST', async () => {
    expect(await call('getProject', undefined, null)).toMatchObject({ status: 401, text: 'not authenticated' });
    expect(await call('getProject', undefined, 'unknown:aGk=')).toMatchObject({ status: 401 });
    const whole = await call('getProject', undefined, server.apiKey);
    expect(JSON.parse(whole.text)).toEqual({ name: 'Test project', id: 'nst-test' }); // keyFile and apiKeys removed
    expect(await call('verifyApiKey', undefined, SECRET, 'GET')).toMatchObject({ status: 200, text: 'nst-test' });
    expect(await call('verifyApiKey', undefined, 'other-secret')).toMatchObject({ text: 'other' });
    const options = await fetch(`${server.url}/getProject`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('*');
    expect((await call('generateDataId', {})).status).toBe(404); // listed by clients, no server route
  });

  it('strips projects/<id>/ and a leading / from download paths and signs plain-text URLs that expire', async () => {
    for (const path of ['data/old/seeded.bin', '/data/old/seeded.bin', 'projects/nst-test/data/old/seeded.bin']) {
      const answer = await call('getProjectDownloadUrl', { path });
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^text\/plain/);
      expect(answer.text).toMatch(
        /\/storage\/stand-in-bucket\/projects\/nst-test\/data\/old\/seeded\.bin\?.*X-Goog-Signature=/,
      );
      expect(await (await fetch(answer.text)).text()).toBe('seeded');
    }
    expect(await call('getProjectDownloadUrl', { path: 'data/none.bin' })).toMatchObject({
      status: 404,
      text: "file doesn't exist",
    });
    expect(await call('getProjectDownloadUrl', {})).toMatchObject({ status: 500, text: 'Something went wrong' });
    expect((await call('getProjectDownloadUrl', { path: 'data/../../../../etc/passwd' })).status).toBe(500);
    expect((await call('getUploadDataUrl', { name: '../escape.bin', overwrite: true })).status).toBe(500);

    const url = (await call('getProjectDownloadUrl', { path: 'data/old/seeded.bin' })).text;
    const tampered = await fetch(url.replace(/X-Goog-Signature=[0-9a-f]/, 'X-Goog-Signature=z'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    server.faults.expireNextUrls(1);
    const expired = await fetch((await call('getProjectDownloadUrl', { path: 'data/old/seeded.bin' })).text);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>ExpiredToken</Code>');
    await rm(server.blobPath('old/seeded.bin'));
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it('serves modules through getDownloadUrl and lists them', async () => {
    await server.seedModule('filter-1.0.0.tar.gz', 'module');
    const url = (await call('getDownloadUrl', { path: 'filter-1.0.0.tar.gz' })).text;
    expect(await (await fetch(url)).text()).toBe('module');
    expect(JSON.parse((await call('listModules')).text)).toMatchObject([{ name: 'filter-1.0.0.tar.gz' }]);
  });

  it('issues upload sessions with 409 rules: getUploadDataUrl honours overwrite, getUploadUrl never does', async () => {
    expect(await call('getUploadDataUrl', { name: 'old/seeded.bin' })).toMatchObject({
      status: 409,
      text: 'file exists',
    });
    const session = JSON.parse(
      (await call('getUploadDataUrl', { name: 'old/seeded.bin', overwrite: true, metadata: { a: 1 } })).text,
    );
    expect(session).toMatchObject({ remoteFilePath: 'projects/nst-test/data/old/seeded.bin', a: 1 });
    expect(session.uploadUrl).toMatch(
      /\/upload\/storage\/v1\/b\/stand-in-bucket\/o\?uploadType=resumable&name=.+&upload_id=/,
    );
    expect(await call('getUploadUrl', { path: 'data/old/seeded.bin', overwrite: true })).toMatchObject({ status: 409 });
    expect((await call('getUploadUrl', { path: '/modules/new.tar.gz' })).status).toBe(200);
    expect((await call('getUploadDataUrl', {})).status).toBe(500);
  });

  it('runs resumable sessions: chunks, 308 + Range, status queries, unknown sessions', async () => {
    const { uploadUrl } = JSON.parse((await call('getUploadDataUrl', { name: 'r/x.bin' })).text);
    const put = (body: string, range?: string) =>
      fetch(uploadUrl, { method: 'PUT', body, headers: range ? { 'content-range': range } : {}, redirect: 'manual' });
    const first = await put('abc', 'bytes 0-2/*');
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-2');
    const query = await put('', 'bytes */6');
    expect([query.status, query.headers.get('range')]).toEqual([308, 'bytes=0-2']);
    expect((await put('xyz', 'bytes 5-7/8')).status).toBe(400); // a gap
    const last = await put('cdef', 'bytes 2-5/6'); // overlaps one byte the session has
    expect(last.status).toBe(200);
    expect(JSON.parse(await last.text())).toMatchObject({ name: 'projects/nst-test/data/r/x.bin', size: '6' });
    expect((await put('', 'bytes */6')).status).toBe(200);
    const unknown = await fetch(uploadUrl.replace(/upload_id=[^&]+/, 'upload_id=nope'), { method: 'PUT', body: 'x' });
    expect(unknown.status).toBe(404);
    const url = (await call('getProjectDownloadUrl', { path: 'data/r/x.bin' })).text;
    expect(await (await fetch(url)).text()).toBe('abcdef');
  });

  it('adds listing records after listingDelayMs, with the platform fields', async () => {
    const listing = async () => JSON.parse((await call('listStorageObjects', { type: 'data' })).text);
    expect((await listing()).map((record: { data: { filePath: string } }) => record.data.filePath)).toEqual([
      'projects/nst-test/data/old/seeded.bin',
    ]);
    const { uploadUrl } = JSON.parse((await call('getUploadDataUrl', { name: 'n.bin', dataId: 'id-7' })).text);
    expect((await fetch(uploadUrl, { method: 'PUT', body: 'new!' })).status).toBe(200);
    expect(await listing()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const record = (await listing()).find((item: { data: { name: string } }) => item.data.name === 'n.bin');
    expect(record.id).toBe(createHash('sha256').update('projects/nst-test/data/n.bin').digest('hex'));
    expect(record.data).toMatchObject({ dirname: '', size: '4', dataId: 'id-7', file: { kind: 'storage#object' } });
    expect(typeof record.data.lastModified).toBe('number');
    expect((await call('listStorageObjects', { type: 'a/b' })).status).toBe(500);
    expect(JSON.parse((await call('listStorageObjects', { type: 'modules' })).text)).toEqual([]);
    const query = await call('queryCollection', { field: 'dataId', comparison: '==', compareValue: 'id-7' });
    expect(JSON.parse(query.text)).toMatchObject([{ name: 'n.bin' }]);
    const metadata = await call('setDataMetadata', { dataId: 'id-7', metadata: { label: 'x' }, merge: false });
    expect(JSON.parse(metadata.text)).toMatchObject([{ name: 'n.bin', label: 'x' }]);
    expect((await call('getDataMetadata', {})).status).toBe(400);
  });

  it('issues and verifies tokens, reports the data mount', async () => {
    const { token } = JSON.parse((await call('getToken', undefined, SECRET, 'GET')).text);
    expect((await call('verifyToken', { token })).status).toBe(200);
    expect((await call('verifyToken', { token: `${token}x` })).status).toBe(401);
    expect(JSON.parse((await call('getDataMount')).text)).toEqual({ bucket: 'stand-in-bucket', projectId: 'nst-test' });
  });

  it('logs every request with headers, body and status, and applies faults in order', async () => {
    server.faults.failNext(1, 429, { target: 'getProject', retryAfterSec: 3 }).delayNext(1, 5);
    const limited = await fetch(`${server.url}/getProject`, { method: 'POST', headers: { 'x-api-key': SECRET } });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await call('verifyApiKey')).status).toBe(200);
    expect(server.faults.pending).toBe(0);
    expect(server.requests.map((request) => [request.route, request.status, request.fault])).toEqual([
      ['getProject', 429, 'status 429'],
      ['verifyApiKey', 200, 'delay 5'],
    ]);
    expect(server.requests[1]!.headers['x-api-key']).toBe(SECRET);
  });

  it('drops hung requests on close', async () => {
    server.faults.hangNext(1);
    const pending = fetch(`${server.url}/getProject`, { method: 'POST', headers: { 'x-api-key': SECRET } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    await expect(pending).rejects.toThrow();
  });
});
