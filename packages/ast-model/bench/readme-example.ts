// The README example, run by `tsx --conditions=@tsc/source bench/readme-example.ts` (kept runnable).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISTORTION_LABELS } from '@tsc/mcap-utils';
import { createWorldwideDatasetPlan, generateRecording } from '@tsc/synthetic';
import {
  classifyRecording,
  classifyRecordingWithBaseline,
  concatDatasets,
  initializeBackend,
  prepareRecording,
  recordingMetrics,
  recordingWindows,
  DEFAULT_SENSOR_FEATURE_SETTINGS as settings,
  trainAst,
  windowsDataset,
} from '../src/index.js';
import { loadModelDirectory, saveModelDirectory } from '../src/node/index.js';

await initializeBackend(); // 'wasm' unless tfjs-node is installed

// Synthetic recordings from anywhere on Earth, any sensor and rate, clean and disturbed stretches mixed.
const recordings = Array.from({ length: 14 }, (_, seed) =>
  generateRecording(createWorldwideDatasetPlan({ seed, durationSec: 40 }), { seed }),
);
// Each recording → resampled to 100 Hz, measured against its own field → 2 s windows → [18 frames, 4 channels × 1 bin].
const datasets = recordings.map(({ recording, labels }) => {
  const prepared = prepareRecording(recording, settings);
  const list = recordingWindows(prepared, settings, { labels: labels.events }).filter((w) => w.label !== undefined);
  return windowsDataset(list, DISTORTION_LABELS, prepared.spectrogram);
});

// Whole recordings for validation and test: 10 to train, 2 to validate, 2 never seen.
const { classifier, history, validationMetrics } = await trainAst({
  train: concatDatasets(datasets.slice(0, 10)),
  validation: concatDatasets(datasets.slice(10, 12)),
  options: { epochs: 4, featureSettings: { ...settings } },
});
console.log('validation macro-F1', validationMetrics?.macroF1.toFixed(3));

const dir = join(tmpdir(), 'MAG_DIST_01');
await saveModelDirectory(dir, classifier, {
  modelId: 'MAG_DIST_01',
  metrics: { validation: validationMetrics },
  history,
});
const loaded = await loadModelDirectory(dir);
const unseen = recordings.slice(12);
const model = unseen.map(({ recording, labels }) => classifyRecording(recording, loaded, { labels: labels.events }));
const rule = unseen.map(({ recording, labels }) =>
  classifyRecordingWithBaseline(recording, 'norm-dip', { labels: labels.events }),
);
console.log(model[0]!.messages[0], model[0]!.resampling);
// { logTimeNs: 2000000000n, predictedClassId: 0, label: '0', probabilities: [0.97, 0.02, 0.01], windowStartNs: 0n, windowEndNs: 2000000000n }
// { fromHz: 100, toHz: 100, jitterSec: 0, resampled: false } (a 208 Hz recording says fromHz 208, resampled true)
console.log('model', recordingMetrics(model, DISTORTION_LABELS).binary);
console.log('norm-dip rule', recordingMetrics(rule, DISTORTION_LABELS).binary);
// { positives, negatives, truePositiveRate, trueNegativeRate, balancedAccuracy, rocAuc }
