import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath, readJsonFixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { useStandInClient } from './__fixtures__/stand-in-client.js';
import { experimentLabelPaths } from './data-paths.js';
import { ConflictError } from './errors.js';
import { fetchIfMissing } from './fetch-if-missing.js';
import { LocalProjectStore } from './local-project-store.js';
import { uploadWithPrefix } from './upload-with-prefix.js';

const stand = useStandInClient();

describe('end to end (the reference classify/fine-tune flow)', () => {
  it('runs the same flow against the stand-in server and the local store', async () => {
    const mcap = await readFile(fixturePath('seed', 'basic_synthetic.mcap'));
    const experiment = readJsonFixture('seed', 'example_experiment.json');
    const labels = await readFile(fixturePath('seed', 'example_labels.json'));
    const local = new LocalProjectStore(join(stand.dir, 'local-project'), { projectId: 'nst-test' });
    await mkdir(join(stand.dir, 'seed'), { recursive: true });
    await writeFile(join(stand.dir, 'seed', 'labels.json'), labels);
    await writeFile(join(stand.dir, 'seed', 'log.mcap'), mcap);
    await stand.server.seed('Sensor_Log_X.mcap', mcap);
    await local.upload(join(stand.dir, 'seed', 'log.mcap'), 'Sensor_Log_X.mcap');

    for (const store of [stand.client, local]) {
      const work = join(stand.dir, `work-${store.kind}`);
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
      await store.upload(join(stand.dir, 'seed', 'labels.json'), 'synthetic_test/synthetic_test.labels.json');
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
