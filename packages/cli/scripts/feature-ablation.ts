/**
 * The feature ablation of the `@tsc/ast-model` README: the `sensor` preset trained on the demo's worldwide synthetic
 * dataset with each feature set, scored on held-out synthetic recordings and on the real BROAD dev trials
 * (fixtures/broad-dev), printed as a Markdown table. Same data, split, seed and training (the demo's `TRAINING_DEFAULTS`) for every row.
 *
 *   pnpm --filter @tsc/cli ablation [DATASET_DIR]      # about 3–5 min per row on 2 cores
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  buildLabelledDataset,
  compareDetectors,
  type DetectorComparisonRow,
  type FeatureReference,
  initializeBackend,
  type LabelledRecording,
  sensorFeatureSettings,
  splitForValidation,
  stratifiedSplit,
  trainDistortionModel,
} from '@tsc/ast-model';
import { readLabelledRecordings, readPhoneLogRecordings } from '@tsc/ast-model/node';
import type { SensorSpectrogramOptions } from '@tsc/spectrogram';
import { type DatasetManifest, generateDataset } from '@tsc/synthetic/node';

/**
 * Feature sets to compare; each reads 1 s of context around its windows (the default) unless `contextSec` says, and
 * keeps each channel's lowest bin alone (the default `maxBinsPerChannel: 1`) unless its spectrogram options say.
 */
const FEATURE_SETS: {
  name: string;
  reference: FeatureReference;
  spectrogram: SensorSpectrogramOptions;
  contextSec?: number;
}[] = [
  {
    name: 'absolute: mag x, y, z + norm − 50 µT + dip − 60° (before)',
    reference: 'fixed',
    spectrogram: { sensors: ['mag'], derived: ['magNorm', 'dip'], referenceFieldMicroTesla: 50, referenceDipDeg: 60 },
  },
  { name: 'relative norm + dip', reference: 'recording', spectrogram: { derived: ['magNormRatio', 'dip'] } },
  {
    name: 'relative norm + consistency',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'fieldConsistency'] },
  },
  {
    name: 'relative norm + dip + consistency',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'dip', 'fieldConsistency'] },
  },
  {
    name: 'relative norm + stable dip + consistency',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'stableDip', 'fieldConsistency'] },
  },
  {
    name: 'relative norm + stable dip + consistency + deviation bound, no window context (before)',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'stableDip', 'fieldConsistency', 'deviationBound'] },
    contextSec: 0,
  },
  {
    name: 'relative norm + stable dip + consistency + deviation bound, all 32 bins per channel (before)',
    reference: 'recording',
    spectrogram: {
      derived: ['magNormRatio', 'stableDip', 'fieldConsistency', 'deviationBound'],
      maxBinsPerChannel: null,
    },
  },
  {
    name: 'relative norm + stable dip + consistency + deviation bound (default)',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'stableDip', 'fieldConsistency', 'deviationBound'] },
  },
  {
    name: 'relative norm + dip + consistency + specific-force norm',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'dip', 'fieldConsistency', 'accNormRatio'] },
  },
  {
    name: 'relative norm + consistency + specific-force norm',
    reference: 'recording',
    spectrogram: { derived: ['magNormRatio', 'fieldConsistency', 'accNormRatio'] },
  },
];
const SEED = 1;
const repository = resolve(import.meta.dirname, '..', '..', '..');

const datasetDir = process.argv[2] ?? join(await mkdtemp(join(tmpdir(), 'tsc-ablation-')), 'dataset');
// the demo's dataset (reused when the folder already holds it)
const { recordings } = existsSync(join(datasetDir, 'manifest.json'))
  ? (JSON.parse(await readFile(join(datasetDir, 'manifest.json'), 'utf8')) as Pick<DatasetManifest, 'recordings'>)
  : await generateDataset({ outputDir: datasetDir, count: 120, durationSec: 60, seed: SEED });
// the demo's split: whole recordings held out for the test, stratified by level
const levels = ['none', 'low', 'high'];
const split = stratifiedSplit(
  recordings.map((entry) => levels.indexOf(entry.level)),
  { seed: SEED, validationFraction: 0, testFraction: 0.2 },
);
const pick = (indices: Int32Array) => Array.from(indices, (index) => recordings[index]!);
let rules: { synthetic: DetectorComparisonRow; real: DetectorComparisonRow }[] = [];
const test: LabelledRecording[] = [];
for await (const recording of readLabelledRecordings(pick(split.test))) test.push(recording);
const real = await readPhoneLogRecordings(join(repository, 'fixtures', 'broad-dev'));
await initializeBackend();

console.log('| features | synthetic macro-F1 | synthetic BA | real BA | real ROC-AUC | real TPR | real TNR |');
console.log('|---|---|---|---|---|---|---|');
for (const { name, reference, spectrogram, contextSec } of FEATURE_SETS) {
  const settings = {
    ...sensorFeatureSettings({ spectrogram, ...(contextSec === undefined ? {} : { contextSec }) }),
    reference,
  };
  const pool = await buildLabelledDataset(readLabelledRecordings(pick(split.train), { settings }), settings);
  const { train, validation } = splitForValidation(pool, { seed: SEED, validationFraction: 0.15 });
  const { classifier } = await trainDistortionModel({
    train: train.dataset,
    validation: validation.dataset,
    settings,
    // one model per feature set: the sets are compared, not the ensemble's variance reduction (3× the time)
    ensembleSize: 1,
    options: { seed: SEED },
  });
  const [synthetic, ...syntheticBaselines] = compareDetectors(classifier, test, 'synthetic held-out');
  const [measured, ...realBaselines] = compareDetectors(classifier, real, 'real recordings');
  rules = syntheticBaselines.map((row, i) => ({ synthetic: row, real: realBaselines[i]! }));
  classifier.dispose();
  const b = measured!.metrics.binary;
  console.log(
    `| ${name} | ${synthetic!.metrics.macroF1.toFixed(3)} | ${synthetic!.metrics.binary.balancedAccuracy.toFixed(3)} | ${b.balancedAccuracy.toFixed(3)} | ${b.rocAuc?.toFixed(3) ?? '—'} | ${b.truePositiveRate.toFixed(3)} | ${b.trueNegativeRate.toFixed(3)} |`,
  );
}
for (const { synthetic, real } of rules) {
  const b = real.metrics.binary;
  console.log(
    `| physics rule \`${synthetic.detector}\` (no training) | ${synthetic.metrics.macroF1.toFixed(3)} | ${synthetic.metrics.binary.balancedAccuracy.toFixed(3)} | ${b.balancedAccuracy.toFixed(3)} | ${b.rocAuc?.toFixed(3) ?? '—'} | ${b.truePositiveRate.toFixed(3)} | ${b.trueNegativeRate.toFixed(3)} |`,
  );
}
