/**
 * `pnpm --filter @tsc/ast-model acceptance`: the acceptance figure. Generates physical-mode synthetic recordings
 * (levels none/low/high, every distortion kind and motion), cuts 3 s windows, computes sensor spectrograms, trains
 * the default `sensor` preset and prints the held-out macro-F1 (test recordings with their own seeds, never seen
 * in training) and the wall time including data generation. Target: macro-F1 ≥ 0.97 in ≤ 5 minutes on 2 cores.
 *
 * Features: 3 s windows every 1.5 s, `sensorSpectrogram` of the magnetometer axes plus the field-norm and dip
 * channels (5 × 32 bins; `--all-sensors` adds acc and gyro).
 * Options: `--train-recordings N` per level (default 36), `--test-recordings N` per level (default 6),
 * `--epochs N` (default 12), `--seed N` (data, split and training seed; default 1), `--out DIR` to save the model
 * directory.
 */
import { DISTORTION_LABELS, windows } from '@tsc/mcap-utils';
import { resolveSensorSpectrogramOptions } from '@tsc/spectrogram';
import {
  createDatasetPlan,
  DATASET_MOTIONS,
  DISTORTION_KINDS,
  DISTORTION_LEVELS,
  generateRecording,
} from '@tsc/synthetic';
import {
  type AstDataset,
  concatDatasets,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  evaluateClassifier,
  initializeBackend,
  type SensorFeatureSettings,
  sensorTopics,
  stratifiedSplit,
  subsetDataset,
  trainAst,
  windowsDataset,
} from '../src/index.js';
import { saveModelDirectory } from '../src/node/index.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

const settings: SensorFeatureSettings = {
  ...DEFAULT_SENSOR_FEATURE_SETTINGS,
  spectrogram: resolveSensorSpectrogramOptions({
    ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram,
    sampleRateHz: 100,
    ...(process.argv.includes('--all-sensors') ? { sensors: ['mag', 'acc', 'gyro'] } : {}),
  }),
};

function generate(recordingsPerLevel: number, seedBase: number): AstDataset {
  const parts: AstDataset[] = [];
  DISTORTION_LEVELS.forEach((level, levelIndex) => {
    for (let i = 0; i < recordingsPerLevel; i++) {
      const seed = seedBase + levelIndex * 1000 + i;
      const plan = createDatasetPlan({
        level,
        kind: DISTORTION_KINDS[i % DISTORTION_KINDS.length]!,
        motion: DATASET_MOTIONS[(i + levelIndex) % DATASET_MOTIONS.length]!,
        seed,
        durationSec: 60,
      });
      const { recording, labels } = generateRecording(plan, { seed });
      const list = windows(recording, {
        topics: sensorTopics(settings.spectrogram),
        windowSec: settings.windowSec,
        hopSec: settings.hopSec,
        calibrated: true,
        labels: labels.events,
      });
      parts.push(windowsDataset(list, DISTORTION_LABELS, settings.spectrogram));
    }
  });
  return concatDatasets(parts);
}

async function main(): Promise<void> {
  const started = performance.now();
  const backend = await initializeBackend();
  const trainRecordings = argument('train-recordings', 36);
  const testRecordings = argument('test-recordings', 6);
  const epochs = argument('epochs', 12);
  const seed = argument('seed', 1);
  const all = generate(trainRecordings, (seed - 1) * 10_000_000 + 1);
  const test = generate(testRecordings, (seed - 1) * 10_000_000 + 500_000);
  const dataSec = (performance.now() - started) / 1000;
  console.log(
    `backend ${backend.backend}; data: ${all.shape[0]} train+validation windows from ${3 * trainRecordings} recordings, ` +
      `${test.shape[0]} test windows from ${3 * testRecordings} other recordings, window [${all.shape[1]}, ${all.shape[2]}] ` +
      `(${dataSec.toFixed(1)} s)`,
  );
  const split = stratifiedSplit(all.labels, { seed, validationFraction: 0.15 });
  const result = await trainAst({
    train: subsetDataset(all, split.train),
    validation: subsetDataset(all, split.validation),
    options: {
      seed,
      epochs,
      batchSize: 32,
      learningRate: 2e-3,
      schedule: 'cosine',
      warmupRatio: 0.05,
      earlyStoppingPatience: 4,
      featureSettings: settings,
      onProgress: (p) => {
        if (p.evaluation !== undefined) {
          console.log(
            `  step ${p.step}/${p.totalSteps} epoch ${p.epoch} loss ${p.loss.toFixed(4)} ` +
              `validation macro-F1 ${p.evaluation.macroF1.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
        }
      },
    },
  });
  const metrics = evaluateClassifier(result.classifier, test);
  const totalSec = (performance.now() - started) / 1000;
  console.log(`test confusion matrix (rows: true none/low/high): ${JSON.stringify(metrics.confusionMatrix)}`);
  console.log(
    `held-out macro-F1 ${metrics.macroF1.toFixed(4)} (accuracy ${metrics.accuracy.toFixed(4)}, macro ROC-AUC ` +
      `${metrics.macroRocAuc?.toFixed(4)}) in ${totalSec.toFixed(1)} s total (training ${result.history.durationSec.toFixed(1)} s); ` +
      `target macro-F1 ≥ 0.97 in ≤ 300 s: ${metrics.macroF1 >= 0.97 && totalSec <= 300 ? 'PASS' : 'FAIL'}`,
  );
  const outIndex = process.argv.indexOf('--out');
  if (outIndex >= 0) {
    await saveModelDirectory(process.argv[outIndex + 1]!, result.classifier, {
      modelId: 'MAG_DIST_SYNTHETIC',
      metrics: { validation: result.validationMetrics, test: metrics },
      history: result.history,
    });
  }
  result.classifier.dispose();
}

await main();
