/**
 * Fine-tunes an imported HuggingFace AST checkpoint on a generated dataset and prints the time per step on the
 * backend it ran (native TensorFlow when `@tensorflow/tfjs-node` loads, else wasm, data-parallel on every core):
 *
 *   1. generate labelled IMU recordings with none / low / high magnetic distortion (@tsc/synthetic), cut 3 s windows
 *      and compute their sensor spectrograms (@tsc/mcap-utils, @tsc/ast-model);
 *   2. load the checkpoint at the spectrograms' size (position embeddings interpolated) with its none/low/high head;
 *   3. fine-tune it with trainAst({ initial }) and compare the validation macro-F1 before and after.
 *
 *   pnpm --filter @tsc/example-pretrained-import fine-tune [CHECKPOINT_DIR] [--recordings N] [--epochs N]
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AstDataset,
  concatDatasets,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  evaluateClassifier,
  initializeBackend,
  sensorTopics,
  stratifiedSplit,
  subsetDataset,
  trainAst,
  windowsDataset,
} from '@tsc/ast-model';
import { loadHuggingFaceCheckpoint, workerThreadGradients } from '@tsc/ast-model/node';
import { DISTORTION_LABELS, windows } from '@tsc/mcap-utils';
import { resolveSensorSpectrogramOptions } from '@tsc/spectrogram';
import {
  createDatasetPlan,
  DATASET_MOTIONS,
  DISTORTION_KINDS,
  DISTORTION_LEVELS,
  generateRecording,
} from '@tsc/synthetic';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(args[index + 1]);
};
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixturesDir = process.env.TSC_FIXTURES_DIR ?? join(repositoryRoot, 'fixtures');
const positional = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
const checkpointDir = resolve(positional ?? join(fixturesDir, 'ast-hf-tiny'));
if (!existsSync(join(checkpointDir, 'config.json'))) {
  console.error(`no checkpoint at ${checkpointDir}: pass a folder with config.json and model.safetensors`);
  process.exit(1);
}
const recordingsPerLevel = option('recordings', 6);
const epochs = option('epochs', 6);

// The default features with every bin of each channel: a checkpoint's 16 × 16 patches need spectra, not the one
// level per channel the `sensor` preset reads by default.
const settings = {
  ...DEFAULT_SENSOR_FEATURE_SETTINGS,
  spectrogram: resolveSensorSpectrogramOptions({
    ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram,
    sampleRateHz: 100,
    maxBinsPerChannel: null,
  }),
};

/** 30 s recordings of every level, distortion kind and motion, as windows of sensor spectrograms. */
function generateDataset(labelNames: readonly string[]): AstDataset {
  const parts: AstDataset[] = [];
  DISTORTION_LEVELS.forEach((level, levelIndex) => {
    for (let i = 0; i < recordingsPerLevel; i++) {
      const seed = 100 + levelIndex * 1000 + i;
      const plan = createDatasetPlan({
        level,
        kind: DISTORTION_KINDS[i % DISTORTION_KINDS.length]!,
        motion: DATASET_MOTIONS[(i + levelIndex) % DATASET_MOTIONS.length]!,
        seed,
        durationSec: 30,
      });
      const { recording, labels } = generateRecording(plan, { seed });
      const list = windows(recording, {
        topics: sensorTopics(settings.spectrogram),
        windowSec: settings.windowSec,
        hopSec: settings.hopSec,
        calibrated: true,
        labels: labels.events,
      });
      // The recordings label the levels by their mag_distortion values; the checkpoint names them none, low, high.
      parts.push({ ...windowsDataset(list, DISTORTION_LABELS, settings.spectrogram), labelNames });
    }
  });
  return concatDatasets(parts);
}

const { backend } = await initializeBackend();
const generated = performance.now();
const dataset = generateDataset(['none', 'low', 'high']);
const [, frames, bins] = dataset.shape;
console.log(`backend      ${backend}`);
console.log(
  `dataset      ${dataset.shape[0]} windows of ${frames} frames × ${bins} bins from ${3 * recordingsPerLevel} generated recordings (${((performance.now() - generated) / 1000).toFixed(1)} s)`,
);

const classifier = await loadHuggingFaceCheckpoint(checkpointDir, {
  maxLength: frames,
  numMelBins: bins,
  featureSettings: { ...settings },
});
const split = stratifiedSplit(dataset.labels, { seed: 1, validationFraction: 0.25 });
const train = subsetDataset(dataset, split.train);
const validation = subsetDataset(dataset, split.validation);
const before = evaluateClassifier(classifier, validation);
console.log(`checkpoint   ${checkpointDir}: validation macro-F1 ${before.macroF1.toFixed(3)} before fine-tuning`);

const stepTimes: number[] = [];
let last = performance.now();
const result = await trainAst({
  initial: classifier,
  train,
  validation,
  options: {
    seed: 1,
    epochs,
    batchSize: 16,
    learningRate: 2e-3,
    dataParallel: workerThreadGradients(),
    onProgress: ({ step, totalSteps, loss, evaluation }) => {
      const now = performance.now();
      if (evaluation === undefined) stepTimes.push(now - last);
      last = now;
      if (evaluation !== undefined) {
        console.log(
          `step ${step}/${totalSteps}  loss ${loss.toFixed(3)}  validation macro-F1 ${evaluation.macroF1.toFixed(3)}`,
        );
      }
    },
  },
});
const sorted = [...stepTimes].sort((a, b) => a - b);
const medianMs = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(
  `fine-tuned   ${result.history.steps.length} steps of 16 windows in ${result.history.durationSec.toFixed(1)} s on ${backend}: ${medianMs.toFixed(0)} ms per step (median)`,
);
console.log(
  `result       validation macro-F1 ${result.validationMetrics?.macroF1.toFixed(3)} (best step ${result.history.bestStep})`,
);
result.classifier.dispose();
