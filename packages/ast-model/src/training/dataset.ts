import { SeededRandom } from '@tsc/shared';
import { AstInputError } from '../errors.js';
import { checkFeatures } from '../features/features.js';

/** A labelled set of spectrogram windows. */
export interface AstDataset {
  /** Features, row-major `[windows, frames, bins]`. */
  features: Float32Array;
  /** `[windows, frames, bins]`. */
  shape: readonly [number, number, number];
  /** Class id per window, in `[0, labelNames.length)`. */
  labels: Int32Array;
  /** Class names by id. */
  labelNames: readonly string[];
}

/** Throws {@link AstInputError} when a dataset's sizes or labels are inconsistent. */
export function checkDataset(dataset: AstDataset, field = 'dataset'): void {
  checkFeatures({ data: dataset.features, shape: dataset.shape }, `${field}.features`);
  if (dataset.labels.length !== dataset.shape[0]) {
    throw new AstInputError(`${field}.labels.length`, `${dataset.shape[0]} (one per window)`, dataset.labels.length);
  }
  const classes = dataset.labelNames.length;
  for (let i = 0; i < dataset.labels.length; i++) {
    const label = dataset.labels[i]!;
    if (!(label >= 0 && label < classes))
      throw new AstInputError(`${field}.labels[${i}]`, `an id in [0, ${classes})`, label);
  }
}

/** The windows at `indices` as a new dataset (copied). */
export function subsetDataset(dataset: AstDataset, indices: ArrayLike<number>): AstDataset {
  const [, frames, bins] = dataset.shape;
  const size = frames * bins;
  const features = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    features.set(dataset.features.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = dataset.labels[index]!;
  }
  return { features, shape: [indices.length, frames, bins], labels, labelNames: dataset.labelNames };
}

/** Options of {@link stratifiedSplit}. */
export interface StratifiedSplitOptions {
  /** Seed of the per-class shuffles. Defaults to 0. */
  seed?: number;
  /** Fraction of each class for validation. Defaults to 0.2. */
  validationFraction?: number;
  /** Fraction of each class for testing. Defaults to 0. */
  testFraction?: number;
}

/** Window indices of a {@link stratifiedSplit}, each sorted ascending. */
export interface StratifiedSplit {
  /** Training indices. */
  train: Int32Array;
  /** Validation indices. */
  validation: Int32Array;
  /** Test indices. */
  test: Int32Array;
}

/**
 * Splits window indices into train/validation/test keeping each class's proportions (like sklearn's
 * `train_test_split(stratify=labels)`), deterministically for a seed. A class with at least 2 windows (3 with a test
 * fraction) puts at least one window into each non-empty fraction.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  { seed = 0, validationFraction = 0.2, testFraction = 0 }: StratifiedSplitOptions = {},
): StratifiedSplit {
  if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
    throw new AstInputError('validationFraction + testFraction', 'fractions ≥ 0 summing to < 1', {
      validationFraction,
      testFraction,
    });
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const random = new SeededRandom(seed);
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const indices = random.shuffle(byClass.get(label)!);
    const n = indices.length;
    const count = (fraction: number, minimumTotal: number) =>
      fraction > 0 && n >= minimumTotal ? Math.max(1, Math.round(n * fraction)) : Math.round(n * fraction);
    const testCount = count(testFraction, 3);
    const validationCount = Math.min(count(validationFraction, testFraction > 0 ? 3 : 2), n - testCount - 1);
    test.push(...indices.slice(0, testCount));
    validation.push(...indices.slice(testCount, testCount + Math.max(0, validationCount)));
    train.push(...indices.slice(testCount + Math.max(0, validationCount)));
  }
  const sorted = (list: number[]) => Int32Array.from(list.sort((a, b) => a - b));
  return { train: sorted(train), validation: sorted(validation), test: sorted(test) };
}

/** Concatenates datasets with the same window shape and label names into one (copied). */
export function concatDatasets(datasets: readonly AstDataset[]): AstDataset {
  const first = datasets[0];
  if (first === undefined) throw new AstInputError('datasets', 'at least one dataset', 0);
  const [, frames, bins] = first.shape;
  let windows = 0;
  datasets.forEach((dataset, i) => {
    if (dataset.shape[1] !== frames || dataset.shape[2] !== bins) {
      throw new AstInputError(`datasets[${i}].shape`, `[n, ${frames}, ${bins}]`, dataset.shape);
    }
    if (dataset.labelNames.join('\u0000') !== first.labelNames.join('\u0000')) {
      throw new AstInputError(`datasets[${i}].labelNames`, JSON.stringify(first.labelNames), dataset.labelNames);
    }
    windows += dataset.shape[0];
  });
  const features = new Float32Array(windows * frames * bins);
  const labels = new Int32Array(windows);
  let offset = 0;
  for (const dataset of datasets) {
    features.set(dataset.features, offset * frames * bins);
    labels.set(dataset.labels, offset);
    offset += dataset.shape[0];
  }
  return { features, shape: [windows, frames, bins], labels, labelNames: first.labelNames };
}

/**
 * Splits windows by whole recordings, never putting windows of one recording on both sides (overlapping windows of
 * one recording are near copies, so a window split would grade the model on what it trained on). Recordings are
 * stratified by their highest class (a recording with any `high` window counts as `high`), deterministically for a
 * seed, with {@link stratifiedSplit}'s fractions applied to recordings.
 *
 * @param recordingOfWindow - Per window, the index of its recording.
 * @param labels - Per window, its class id.
 * @returns Window indices of each part, sorted ascending.
 */
export function recordingSplit(
  recordingOfWindow: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: StratifiedSplitOptions = {},
): StratifiedSplit {
  if (recordingOfWindow.length !== labels.length)
    throw new AstInputError('recordingOfWindow.length', `${labels.length} (one per window)`, recordingOfWindow.length);
  let recordings = 0;
  for (let i = 0; i < recordingOfWindow.length; i++) recordings = Math.max(recordings, recordingOfWindow[i]! + 1);
  const highest = new Int32Array(recordings).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const r = recordingOfWindow[i]!;
    highest[r] = Math.max(highest[r]!, labels[i]!);
  }
  const present = Int32Array.from(highest.keys()).filter((r) => highest[r]! >= 0);
  const split = stratifiedSplit(
    Int32Array.from(present, (r) => highest[r]!),
    options,
  );
  const partOf = new Int8Array(recordings);
  for (const index of split.validation) partOf[present[index]!] = 1;
  for (const index of split.test) partOf[present[index]!] = 2;
  const parts: number[][] = [[], [], []];
  for (let i = 0; i < labels.length; i++) parts[partOf[recordingOfWindow[i]!]!]!.push(i);
  return {
    train: Int32Array.from(parts[0]!),
    validation: Int32Array.from(parts[1]!),
    test: Int32Array.from(parts[2]!),
  };
}
