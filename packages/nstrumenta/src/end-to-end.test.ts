import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readJsonFixture } from '@tsc/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { experimentLabelPaths } from './data-paths.js';
import { ConflictError } from './errors.js';
import { fetchIfMissing } from './fetch-if-missing.js';
import { LocalProjectStore } from './local-project-store.js';
import { NstrumentaClient } from './nstrumenta-client.js';
import { type StandInServer, startStandInServer } from './testing/index.js';
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
