import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchIfMissing } from './fetch-if-missing.js';
import { packModelArchive } from './model-archive.js';
import { NstrumentaClient } from './nstrumenta-client.js';
import { type StandInServer, startStandInServer } from './testing/index.js';
import { fileSha256 } from './upload-if-changed.js';

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

async function makeModelDir(path: string): Promise<void> {
  await mkdir(join(path, 'weights'), { recursive: true });
  await writeFile(join(path, 'model.json'), '{"format":"layers-model"}');
  await writeFile(join(path, 'weights', 'weights.bin'), new Uint8Array([1, 2, 3, 4]));
}

describe('fetchIfMissing', () => {
  it('downloads only when the local file is missing, and extracts archives on request', async () => {
    await server.seed('Sensor_Log_X.mcap', await readFile(fixturePath('seed', 'basic_synthetic.mcap')));
    const localPath = join(dir, 'work', 'Sensor_Log_X.mcap');
    expect(await fetchIfMissing(client, 'Sensor_Log_X.mcap', { localPath })).toEqual({ localPath, downloaded: true });
    expect(await fetchIfMissing(client, 'Sensor_Log_X.mcap', { localPath })).toEqual({ localPath, downloaded: false });
    expect(server.requests.filter((request) => request.kind === 'download')).toHaveLength(1);
    expect(await fileSha256(localPath)).toBe(await fileSha256(fixturePath('seed', 'basic_synthetic.mcap')));

    await makeModelDir(join(dir, 'trained'));
    await packModelArchive(join(dir, 'trained'), join(dir, 'packed.tar.gz'));
    await server.seed('3AF306.model.tar.gz', await readFile(join(dir, 'packed.tar.gz')));
    const fetched = await fetchIfMissing(client, '/3AF306.model.tar.gz', {
      localPath: join(dir, 'work', '3AF306.model.tar.gz'),
      extract: true,
    });
    expect(fetched).toMatchObject({ downloaded: true, extractedTo: join(dir, 'work') });
    expect(await readFile(join(dir, 'work', 'model', 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');
  });
});
