import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { NstrumentaClient } from './nstrumenta-client.js';
import { type StandInServer, startStandInServer } from './testing/index.js';
import { fileSha256, uploadIfChanged } from './upload-if-changed.js';
import { uploadWithPrefix } from './upload-with-prefix.js';

let dir: string;
let server: StandInServer;
let client: NstrumentaClient;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-helpers-'));
  server = await startStandInServer({ root: join(dir, 'server'), listingDelayMs: 5 });
  client = new NstrumentaClient({ apiKey: server.apiKey, retryBaseDelayMs: 1, timeoutMs: 2_000 });
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uploadWithPrefix and uploadIfChanged', () => {
  it('uploads to <prefix>/<basename>, overwriting by default; an empty prefix gives the data root', async () => {
    const local = join(dir, 'Sensor_Log_X.classification.mcap');
    await writeFile(local, 'classes');
    expect((await uploadWithPrefix(client, local, 'Sensor_Log_X')).remotePath).toBe(
      'Sensor_Log_X/Sensor_Log_X.classification.mcap',
    );
    await uploadWithPrefix(client, local, 'Sensor_Log_X'); // overwrite: true by default
    await expect(uploadWithPrefix(client, local, 'Sensor_Log_X', { overwrite: false })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await uploadWithPrefix(client, local, '', { remoteFilename: 'root.mcap' })).remotePath).toBe('root.mcap');
  });

  it('skips unchanged files using a sha256 cache kept on disk', async () => {
    const local = join(dir, 'plan.spectrogram.mcap');
    const cacheFile = join(dir, 'cache', 'uploads.json');
    const remote = 'synthetic_datasets/plan/plan.spectrogram.mcap';
    await writeFile(local, 'spectrogram v1');
    expect((await uploadIfChanged(client, local, remote, { cacheFile })).uploaded).toBe(true);
    expect((await uploadIfChanged(client, local, remote, { cacheFile })).uploaded).toBe(false);
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(cache.entries[remote]).toMatchObject({ sha256: await fileSha256(local), sizeBytes: 14 });
    await writeFile(local, 'spectrogram v2');
    const changed = await uploadIfChanged(client, local, remote, { cacheFile });
    expect(changed.uploaded).toBe(true);
    expect(await readFile(server.blobPath(remote), 'utf8')).toBe('spectrogram v2');
    expect(server.requests.filter((request) => request.kind === 'upload')).toHaveLength(2);
  });
});
