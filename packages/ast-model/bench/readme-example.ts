// The README example, run by `tsx --conditions=@tsc/source bench/readme-example.ts` (kept runnable).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windows } from '@tsc/mcap-utils';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import {
  classifyRecording,
  concatDatasets,
  initializeBackend,
  sensorTopics,
  DEFAULT_SENSOR_FEATURE_SETTINGS as settings,
  stratifiedSplit,
  subsetDataset,
  trainAst,
  windowsDataset,
} from '../src/index.js';
import { loadModelDirectory, saveModelDirectory } from '../src/node/index.js';

await initializeBackend(); // 'wasm' unless tfjs-node is installed

// Synthetic recordings → 3 s windows → sensor spectrograms [30 frames, 5 channels × 32 bins].
const recordings = (['none', 'low', 'high'] as const).flatMap((level, i) =>
  [0, 1, 2].map((j) =>
    generateRecording(createDatasetPlan({ level, kind: 'dipole', motion: 'yaw', seed: 10 * i + j, durationSec: 30 }), {
      seed: 10 * i + j,
    }),
  ),
);
const dataset = concatDatasets(
  recordings.map(({ recording, labels }) => {
    const list = windows(recording, {
      topics: sensorTopics(settings.spectrogram),
      ...settings,
      calibrated: true,
      labels: labels.events,
    });
    return windowsDataset(list, ['0', '1', '2'], settings.spectrogram);
  }),
);

const split = stratifiedSplit(dataset.labels, { seed: 1, validationFraction: 0.2 });
const { classifier, history, validationMetrics } = await trainAst({
  train: subsetDataset(dataset, split.train),
  validation: subsetDataset(dataset, split.validation),
  options: { epochs: 5, featureSettings: { ...settings } },
});
console.log('validation macro-F1', validationMetrics?.macroF1.toFixed(3));

const dir = join(tmpdir(), 'MAG_DIST_01');
await saveModelDirectory(dir, classifier, {
  modelId: 'MAG_DIST_01',
  metrics: { validation: validationMetrics },
  history,
});
const loaded = await loadModelDirectory(dir);
const { messages, events } = classifyRecording(recordings[8]!.recording, loaded);
console.log(messages[0], events.length);
