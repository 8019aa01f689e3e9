import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readJsonFixture } from '@tsc/fixtures';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { experimentLabelPaths } from './data-paths.js';
import { ConflictError } from './errors.js';
import { fetchIfMissing } from './fetch-if-missing.js';
import { LocalProjectStore } from './local-project-store.js';
import { modelArchiveName, packModelArchive, unpackModelArchive } from './model-archive.js';
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

async function makeModelDir(path: string): Promise<void> {
  await mkdir(join(path, 'weights'), { recursive: true });
  await writeFile(join(path, 'model.json'), '{"format":"layers-model"}');
  await writeFile(join(path, 'weights', 'weights.bin'), new Uint8Array([1, 2, 3, 4]));
}

describe('model archives', () => {
  it('packs <model_id>.model.tar.gz under model/, deterministically, and unpacks it back', async () => {
    await makeModelDir(join(dir, 'trained'));
    const archive = join(dir, 'out', modelArchiveName('3AF306'));
    expect(archive.endsWith('3AF306.model.tar.gz')).toBe(true);
    await packModelArchive(join(dir, 'trained'), archive);
    const entries: string[] = [];
    await tar.list({ file: archive, onReadEntry: (entry) => entries.push(entry.path) });
    expect(entries).toEqual(['model/model.json', 'model/weights/', 'model/weights/weights.bin']);
    const first = await readFile(archive);
    await packModelArchive(join(dir, 'trained'), archive);
    expect(Buffer.compare(await readFile(archive), first)).toBe(0);

    await mkdir(join(dir, 'model'), { recursive: true });
    await writeFile(join(dir, 'model', 'stale.txt'), 'from an older model');
    await unpackModelArchive(archive, join(dir, 'model'));
    expect((await readdir(join(dir, 'model'))).sort()).toEqual(['model.json', 'weights']);
    expect([...(await readFile(join(dir, 'model', 'weights', 'weights.bin')))]).toEqual([1, 2, 3, 4]);
  });

  it('refuses a folder that is missing and an archive without model/', async () => {
    await expect(packModelArchive(join(dir, 'none'), join(dir, 'x.tar.gz'))).rejects.toThrow(/expected a folder/);
    await writeFile(join(dir, 'loose.txt'), 'x');
    await tar.create({ gzip: true, file: join(dir, 'other.tar.gz'), cwd: dir }, ['loose.txt']);
    await expect(unpackModelArchive(join(dir, 'other.tar.gz'), join(dir, 'model'))).rejects.toThrow(
      /entries under model\//,
    );
    expect(await readdir(dir)).not.toContain('model');
  });
});

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

describe('end to end (the reference classify/fine-tune flow)', () => {
  it('runs the same flow against the stand-in server and the local store', async () => {
    const mcap = await readFile(fixturePath('seed', 'basic_synthetic.mcap'));
    const experiment = readJsonFixture('seed', 'example_experiment.json');
    const labels = await readFile(fixturePath('seed', 'example_labels.json'));
    const local = new LocalProjectStore(join(dir, 'local-project'), { projectId: 'nst-test' });
    await mkdir(join(dir, 'seed'), { recursive: true });
    await writeFile(join(dir, 'seed', 'labels.json'), labels);
    await writeFile(join(dir, 'seed', 'log.mcap'), mcap);
    await server.seed('Sensor_Log_X.mcap', mcap);
    await local.upload(join(dir, 'seed', 'log.mcap'), 'Sensor_Log_X.mcap');

    for (const store of [client, local]) {
      const work = join(dir, `work-${store.kind}`);
      // Download (cached on the second call), then upload results with overwrite, then a conflict without.
      await fetchIfMissing(store, 'Sensor_Log_X.mcap', { localPath: join(work, 'Sensor_Log_X.mcap') });
      expect(
        (await fetchIfMissing(store, 'Sensor_Log_X.mcap', { localPath: join(work, 'Sensor_Log_X.mcap') })).downloaded,
      ).toBe(false);
      await writeFile(join(work, 'Sensor_Log_X.classification.mcap'), 'classification');
      await uploadWithPrefix(store, join(work, 'Sensor_Log_X.classification.mcap'), 'Sensor_Log_X');
      await expect(
        store.upload(join(work, 'Sensor_Log_X.classification.mcap'), 'Sensor_Log_X/Sensor_Log_X.classification.mcap'),
      ).rejects.toBeInstanceOf(ConflictError);

      // An experiment file names its label files by full storage path; resolve them back to downloads.
      await writeFile(join(work, 'synthetic_test.experiment.json'), JSON.stringify(experiment));
      await store.upload(join(dir, 'seed', 'labels.json'), 'synthetic_test/synthetic_test.labels.json');
      await uploadWithPrefix(store, join(work, 'synthetic_test.experiment.json'), 'synthetic_test');
      await store.waitForListed('synthetic_test/synthetic_test.experiment.json', {
        timeoutMs: 2_000,
        pollIntervalMs: 5,
      });
      await store.download('synthetic_test/synthetic_test.experiment.json', join(work, 'downloaded.experiment.json'));
      const [labelPath] = experimentLabelPaths(
        JSON.parse(await readFile(join(work, 'downloaded.experiment.json'), 'utf8')),
      );
      await store.download(labelPath!, join(work, 'labels.json'));
      expect(JSON.parse(await readFile(join(work, 'labels.json'), 'utf8')).events).toHaveLength(2);
    }
  });
});
