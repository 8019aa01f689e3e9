import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DISTORTION_LABEL_KEY, DISTORTION_LEVELS, distortionLevelOf, type LabelsFile } from '@tsc/mcap-utils';
import { freeDiskBytes, writeFileAtomic } from '@tsc/mcap-utils/node';
import { SeededRandom } from '@tsc/shared';
import { createDatasetPlan, DATASET_MOTIONS, type DatasetMotion, DISTORTION_KINDS } from '../dataset/dataset-plan.js';
import { type DisturbedLevel, WORLDWIDE_DISTORTION_KINDS } from '../dataset/worldwide-dataset-plan.js';
import { checkDatasetSize } from '../generation/recording-size.js';
import { checkSeed, InvalidOptionError } from '../invalid-option-error.js';
import type { EarthField } from '../physics/earth-field.js';
import type { DistortionKind, DistortionLevel, Plan } from '../plan/plan-types.js';
import { generateToFiles } from './generate-to-files.js';

/** Progress of {@link generateDataset}. */
export interface DatasetProgress {
  /** Recordings written so far. */
  readonly completed: number;
  /** Recordings in total. */
  readonly total: number;
  /** Name of the recording just written. */
  readonly name: string;
}

/**
 * How varied a dataset is: `worldwide` (default) draws place, date, sensors, rate, jitter, motions and mixed clean
 * and disturbed segments per recording; `fixed` is the dataset of earlier versions (one place, ideal sensors, one
 * level, kind and motion per recording).
 */
export type DatasetVariety = 'worldwide' | 'fixed';

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Folder to write into (created if missing). */
  outputDir: string;
  /** Number of recordings. In `fixed` variety use a multiple of `levels.length × motions.length` for exact balance. */
  count: number;
  /** `worldwide` or `fixed`. Defaults to `'worldwide'`. */
  variety?: DatasetVariety;
  /** Length of each recording (s). Defaults to 60. */
  durationSec?: number;
  /**
   * Sample rate of every recording (Hz). Defaults to a draw per recording (50–400 Hz, see
   * `createWorldwideDatasetPlan`) in `worldwide` variety, 100 in `fixed`.
   */
  sampleRateHz?: number;
  /** `fixed` only: length of each motion segment (s). Defaults to 10. */
  segmentSec?: number;
  /** Master seed: the same seed gives the same dataset, byte for byte. Defaults to 0. */
  seed?: number;
  /**
   * Levels: in `fixed` variety the recording levels to cycle through; in `worldwide` variety the levels that
   * appear (without `low` or `high` that level is never planned; `['none']` gives clean recordings). Defaults to
   * `['none', 'low', 'high']`.
   */
  levels?: readonly DistortionLevel[];
  /** Distortion kinds: cycled through (`fixed`) or drawn from (`worldwide`). Defaults to all of the variety's. */
  kinds?: readonly DistortionKind[];
  /** `fixed` only: motions to cycle through. Defaults to all of {@link DATASET_MOTIONS}. */
  motions?: readonly DatasetMotion[];
  /** `worldwide` only: range of the planned clean share of each recording. Defaults to `[0.5, 0.8]`. */
  cleanShare?: readonly [number, number];
  /**
   * `worldwide` only: jitter the timestamps (0.5–5 % of a period, none for a third of the recordings). Defaults to
   * true when the rate is drawn, false when `sampleRateHz` fixes it (consumers that need one exact rate, such as
   * spectrogram features without resampling, then get it).
   */
  timestampJitter?: boolean;
  /** Called after each recording. Defaults to none. */
  onProgress?: (progress: DatasetProgress) => void;
  /**
   * Replace the dataset files (`recording_*.mcap|.labels.json|.experiment.json`, `manifest.json`) already in
   * `outputDir`. Without it a folder that holds any file is refused, so stale recordings of an older, larger
   * dataset never mix with the new ones. Other files are never removed. Defaults to `false`.
   */
  replace?: boolean;
  /**
   * The most memory one recording (streamed to its file: a block and its segments' state), or the manifest of all,
   * may hold (bytes), checked before any work starts, as is the free disk space for all recordings. Defaults to
   * 4 GiB.
   */
  maxMemoryBytes?: number;
}

/** The files a dataset consists of. */
const DATASET_FILE = /^(recording_\d+\.(mcap|labels\.json|experiment\.json)|manifest\.json)$/;

/**
 * Refuses a folder with files in it (unless `replace`), and with `replace` removes the dataset files a previous
 * run wrote there.
 */
async function prepareOutputFolder(outputDir: string, replace: boolean): Promise<void> {
  const entries = await readdir(outputDir).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new InvalidOptionError(
      'outputDir',
      'a folder (or a path where one can be made)',
      `${outputDir} (${error.code})`,
    );
  });
  const visible = entries.filter((name) => !name.startsWith('.'));
  if (visible.length === 0) return;
  if (!replace) {
    throw new InvalidOptionError(
      'outputDir',
      'an empty or new folder (pass replace: true, or --replace, to replace the dataset in it)',
      `${outputDir} holding ${visible.length} file(s), e.g. ${visible.slice(0, 3).join(', ')}`,
    );
  }
  for (const name of visible) if (DATASET_FILE.test(name)) await rm(join(outputDir, name), { force: true });
}

/** Labelled seconds per level, and the unlabelled rest (between bands inside ramps and passes). */
export interface LevelSeconds {
  /** Seconds labelled `none`. */
  readonly none: number;
  /** Seconds labelled `low`. */
  readonly low: number;
  /** Seconds labelled `high`. */
  readonly high: number;
  /** Seconds without a label. */
  readonly unlabelled: number;
}

/** One recording of a dataset manifest. */
export interface DatasetEntry {
  /** Recording name (file stem), e.g. `recording_0007`. */
  readonly name: string;
  /** The MCAP file. */
  readonly mcapPath: string;
  /** The labels file. */
  readonly labelsPath: string;
  /** The experiment file. */
  readonly experimentPath: string;
  /**
   * The recording's level for stratified splits: in `fixed` variety its one level; in `worldwide` variety the
   * disturbed level with the most labelled time (`none` for a clean recording).
   */
  readonly level: DistortionLevel;
  /** `fixed` only: the distortion model (meaningless, but still balanced, for level none). */
  readonly kind?: DistortionKind;
  /** `fixed` only: the motion. */
  readonly motion?: DatasetMotion;
  /** The recording's own seed (derived from the master seed). */
  readonly seed: number;
  /** Geodetic latitude (degrees). */
  readonly latitudeDeg: number;
  /** Longitude (degrees). */
  readonly longitudeDeg: number;
  /** Height above the WGS84 ellipsoid (m). */
  readonly heightM: number;
  /** The World Magnetic Model date. */
  readonly date: string;
  /** Earth field total intensity (µT). */
  readonly fieldTotalMicroTesla: number;
  /** Earth field inclination (dip), positive down (degrees). */
  readonly dipDeg: number;
  /** Sample rate (Hz). */
  readonly sampleRateHz: number;
  /** Standard deviation of the timestamp jitter (s). */
  readonly timestampJitterSec: number;
  /** Sensor parts modelled (`ideal` where the plan names none). */
  readonly sensors: { readonly mag: string; readonly acc: string; readonly gyro: string };
  /** Motions of the segments, in order (segment names without their index). */
  readonly motions: readonly string[];
  /** Distortion kinds that occur, sorted. */
  readonly distortionKinds: readonly DistortionKind[];
  /** Labelled seconds per level. */
  readonly levelSeconds: LevelSeconds;
}

/** What {@link generateDataset} wrote; also saved as `manifest.json` in the output folder. */
export interface DatasetManifest {
  /** The master seed. */
  readonly seed: number;
  /** The variety. */
  readonly variety: DatasetVariety;
  /** Length of each recording (s). */
  readonly durationSec: number;
  /** The sample rate when every recording shares one (Hz); `undefined` when drawn per recording. */
  readonly sampleRateHz: number | undefined;
  /** Labelled seconds per level over the whole dataset. */
  readonly levelSeconds: LevelSeconds;
  /** The recordings, in file-name order. */
  readonly recordings: readonly DatasetEntry[];
  /** Path of `manifest.json`. */
  readonly manifestPath: string;
}

function checkOptions(options: GenerateDatasetOptions, freeBytes: number | undefined): void {
  const { count, variety = 'worldwide', durationSec = 60, segmentSec = 10, seed = 0 } = options;
  if (!Number.isInteger(count) || count < 1) throw new InvalidOptionError('count', 'an integer ≥ 1', count);
  if (variety !== 'worldwide' && variety !== 'fixed') {
    throw new InvalidOptionError('variety', '"worldwide" or "fixed"', variety);
  }
  for (const option of ['levels', 'kinds', 'motions'] as const) {
    const list = options[option];
    if (list !== undefined && list.length === 0) throw new InvalidOptionError(option, 'at least one value', list);
  }
  if (variety === 'worldwide' && options.motions !== undefined) {
    throw new InvalidOptionError(
      'motions',
      'no value with variety "worldwide" (its motions are drawn)',
      options.motions,
    );
  }
  const numbers = { durationSec, segmentSec, sampleRateHz: options.sampleRateHz ?? 1 };
  for (const [option, value] of Object.entries(numbers)) {
    if (!(value > 0) || !Number.isFinite(value)) throw new InvalidOptionError(option, 'a number > 0', value);
  }
  const share = options.cleanShare;
  if (share !== undefined && !(share[0] >= 0 && share[0] <= share[1] && share[1] < 1)) {
    throw new InvalidOptionError('cleanShare', '[min, max] with 0 ≤ min ≤ max < 1', share);
  }
  checkSeed(seed);
  checkDatasetSize({
    count,
    durationSec,
    // the most segments a recording can have: fixed segments of segmentSec, worldwide ones of 3 s or more
    segmentCount: Math.ceil(durationSec / (variety === 'fixed' ? segmentSec : 3)),
    // a drawn rate goes up to 400 Hz
    sampleRateHz: options.sampleRateHz ?? (variety === 'fixed' ? 100 : 400),
    option: 'durationSec × sampleRateHz',
    outputDir: options.outputDir,
    ...(freeBytes === undefined ? {} : { freeDiskBytes: freeBytes }),
    ...(options.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes }),
  });
}

/** Labelled seconds per level of a labels file and a recording length. */
function levelSecondsOf(labels: LabelsFile, durationSec: number): LevelSeconds {
  const seconds = { none: 0, low: 0, high: 0 };
  for (const event of labels.events) {
    const level = distortionLevelOf(event.metadata[DISTORTION_LABEL_KEY]);
    const start = event.startTime.sec + event.startTime.nsec / 1e9;
    const end = event.endTime.sec + event.endTime.nsec / 1e9;
    if (level !== undefined) seconds[level] += end - start;
  }
  const unlabelled = Math.max(0, durationSec - seconds.none - seconds.low - seconds.high);
  return { ...seconds, unlabelled };
}

function addSeconds(a: LevelSeconds, b: LevelSeconds): LevelSeconds {
  return { none: a.none + b.none, low: a.low + b.low, high: a.high + b.high, unlabelled: a.unlabelled + b.unlabelled };
}

const NO_SECONDS: LevelSeconds = { none: 0, low: 0, high: 0, unlabelled: 0 };

/** What a recording covered, read from its plan and generated field. */
function coverage(plan: Plan, field: EarthField | undefined) {
  const init = plan.initialization;
  const kinds = new Set<DistortionKind>();
  for (const segment of plan.segments) {
    const level = segment.mag_distortion?.level ?? 'none';
    if (level !== 'none') kinds.add(segment.mag_distortion?.kind ?? 'world_hard_iron');
  }
  return {
    latitudeDeg: init.pose.origin.lat,
    longitudeDeg: init.pose.origin.lng,
    heightM: init.pose.origin.height,
    date: init.date ?? '2025-01-01',
    fieldTotalMicroTesla: field?.totalMicroTesla ?? 0,
    dipDeg: field?.inclinationDeg ?? 0,
    sampleRateHz: init.sample_rate,
    timestampJitterSec: init.timestamp_jitter_s ?? 0,
    sensors: { mag: init.mag.model ?? 'ideal', acc: init.acc.model ?? 'ideal', gyro: init.gyro.model ?? 'ideal' },
    motions: plan.segments.map((segment) => segment.name.replace(/_\d+$/, '')),
    distortionKinds: [...kinds].sort(),
  };
}

/** The recording level for stratification: the disturbed level with the most labelled time. */
function dominantLevel(seconds: LevelSeconds): DistortionLevel {
  if (seconds.low === 0 && seconds.high === 0) return 'none';
  return seconds.high > seconds.low ? 'high' : 'low';
}

/** The fixed-variety slots: level i mod L, motion ⌊i/L⌋ mod M, kind ⌊i/(L·M)⌋ mod K, shuffled with the seed. */
function fixedSlots(options: GenerateDatasetOptions, random: SeededRandom) {
  const { count, levels = DISTORTION_LEVELS, kinds = DISTORTION_KINDS, motions = DATASET_MOTIONS } = options;
  const slots = Array.from({ length: count }, (_, i) => ({
    level: levels[i % levels.length]!,
    motion: motions[Math.floor(i / levels.length) % motions.length]!,
    kind: kinds[Math.floor(i / (levels.length * motions.length)) % kinds.length]!,
  }));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  return slots;
}

/**
 * The plan of recording i. Worldwide: the first disturbed level is the one with fewer labelled seconds so far, so
 * low and high stay balanced in labelled time over the dataset.
 */
function planOf(
  options: GenerateDatasetOptions,
  slot: ReturnType<typeof fixedSlots>[number] | undefined,
  recordingSeed: number,
  totals: LevelSeconds,
): Plan {
  const { durationSec = 60, sampleRateHz, segmentSec = 10 } = options;
  if (slot !== undefined) {
    return createDatasetPlan({
      durationSec,
      sampleRateHz: sampleRateHz ?? 100,
      segmentSec,
      ...slot,
      seed: recordingSeed,
    });
  }
  const levels = options.levels ?? DISTORTION_LEVELS;
  const disturbedLevels = levels.filter((level): level is DisturbedLevel => level !== 'none');
  const firstDisturbedLevel = totals.high < totals.low ? 'high' : 'low';
  return createDatasetPlan({
    seed: recordingSeed,
    durationSec,
    disturbedLevels,
    ...(disturbedLevels.includes(firstDisturbedLevel) ? { firstDisturbedLevel } : {}),
    kinds: options.kinds ?? WORLDWIDE_DISTORTION_KINDS,
    ...(sampleRateHz === undefined ? {} : { sampleRateHz }),
    ...(options.cleanShare === undefined ? {} : { cleanShare: options.cleanShare }),
    timestampJitter: options.timestampJitter ?? sampleRateHz === undefined,
  });
}

/**
 * Writes a dataset of `count` recordings (MCAP + labels + experiment each) and a `manifest.json`.
 *
 * `worldwide` (default): each recording is drawn from its seed by `createWorldwideDatasetPlan` — a random place
 * and date (WMM field 22–67 µT, any dip), real sensor parts with residual calibration error, 50–400 Hz with jitter,
 * varied motions, and clean segments mixed with disturbed ones (50–80 % clean by plan); low and high are kept
 * balanced in labelled time. `fixed`: the earlier dataset, balanced by slots — slot i gets level `i mod L`, motion
 * `⌊i/L⌋ mod M` and kind `⌊i/(L·M)⌋ mod K`, shuffled with the seed. The manifest records per recording the place,
 * field, sensors, rate, motions, kinds and labelled seconds per level.
 *
 * @throws `InvalidOptionError` (main entry) for a bad count, variety, seed, duration, rate, clean share or list, and
 *   for an `outputDir` that holds files when `replace` is not set, and (option `durationSec`) for recordings longer
 *   than `MAX_RECORDING_DURATION_SEC`; `MemoryLimitError` when one recording's block and segments would not fit in
 *   `maxMemoryBytes` (each recording is streamed to its file: its length takes no memory), or (option `count`) when
 *   the manifest would not fit in it or the recordings would not fit in the free space of `outputDir`'s disk
 *   (`checkDatasetSize`).
 *
 * @example
 * ```ts
 * import { generateDataset } from '@tsc/synthetic/node';
 *
 * const manifest = await generateDataset({ outputDir: 'data', count: 3, durationSec: 10, seed: 1 });
 * manifest.levelSeconds; // { none, low, high, unlabelled } over the dataset
 * manifest.recordings[0]; // { name, mcapPath, …, fieldTotalMicroTesla, dipDeg, sensors, motions, levelSeconds }
 * ```
 */
export async function generateDataset(options: GenerateDatasetOptions): Promise<DatasetManifest> {
  checkOptions(options, await freeDiskBytes(options.outputDir));
  const { outputDir, count, variety = 'worldwide', durationSec = 60, seed = 0, onProgress } = options;
  await prepareOutputFolder(outputDir, options.replace ?? false);
  await mkdir(outputDir, { recursive: true });
  const random = new SeededRandom(seed);
  const slots = variety === 'fixed' ? fixedSlots(options, random) : undefined;
  const width = Math.max(4, String(count - 1).length);
  const recordings: DatasetEntry[] = [];
  let totals = NO_SECONDS;
  for (let index = 0; index < count; index++) {
    const name = `recording_${String(index).padStart(width, '0')}`;
    const recordingSeed = random.nextUint32();
    const slot = slots?.[index];
    const plan = planOf(options, slot, recordingSeed, totals);
    const paths = {
      mcapPath: join(outputDir, `${name}.mcap`),
      labelsPath: join(outputDir, `${name}.labels.json`),
      experimentPath: join(outputDir, `${name}.experiment.json`),
    };
    const { generated } = await generateToFiles(plan, {
      outputPath: paths.mcapPath,
      labelsPath: paths.labelsPath,
      experimentPath: paths.experimentPath,
      name,
    });
    const levelSeconds = levelSecondsOf(generated.labels, durationSec);
    totals = addSeconds(totals, levelSeconds);
    const level = slot?.level ?? dominantLevel(levelSeconds);
    const fixed = slot === undefined ? {} : { kind: slot.kind, motion: slot.motion };
    const entry = { name, ...paths, level, ...fixed, seed: recordingSeed, ...coverage(plan, generated.earthField) };
    recordings.push({ ...entry, levelSeconds });
    onProgress?.({ completed: index + 1, total: count, name });
  }
  const manifestPath = join(outputDir, 'manifest.json');
  const sampleRateHz = options.sampleRateHz ?? (variety === 'fixed' ? 100 : undefined);
  const manifest: DatasetManifest = {
    seed,
    variety,
    durationSec,
    sampleRateHz,
    levelSeconds: totals,
    recordings,
    manifestPath,
  };
  await writeFileAtomic(manifestPath, `${JSON.stringify({ ...manifest, manifestPath: undefined }, null, 2)}\n`);
  return manifest;
}
