import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@tsc/mcap-utils/node';
import {
  createDatasetPlan,
  DATASET_MOTIONS,
  type DatasetMotion,
  DISTORTION_KINDS,
  DISTORTION_LEVELS,
} from '../dataset-plan.js';
import { checkSeed, InvalidOptionError } from '../invalid-option-error.js';
import type { DistortionKind, DistortionLevel } from '../plan-types.js';
import { SeededRandom } from '../random.js';
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

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Folder to write into (created if missing). */
  outputDir: string;
  /** Number of recordings. Use a multiple of `levels.length × motions.length` for exact balance. */
  count: number;
  /** Length of each recording (s). Defaults to 60. */
  durationSec?: number;
  /** Sample rate (Hz). Defaults to 100. */
  sampleRateHz?: number;
  /** Length of each motion segment (s). Defaults to 10. */
  segmentSec?: number;
  /** Master seed: the same seed gives the same dataset, byte for byte. Defaults to 0. */
  seed?: number;
  /** Levels to cycle through. Defaults to `['none', 'low', 'high']`. */
  levels?: readonly DistortionLevel[];
  /** Distortion kinds to cycle through. Defaults to all four. */
  kinds?: readonly DistortionKind[];
  /** Motions to cycle through. Defaults to all of {@link DATASET_MOTIONS}. */
  motions?: readonly DatasetMotion[];
  /** Called after each recording. Defaults to none. */
  onProgress?: (progress: DatasetProgress) => void;
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
  /** Distortion level of the whole recording. */
  readonly level: DistortionLevel;
  /** Distortion model (meaningless, but still balanced, for level none). */
  readonly kind: DistortionKind;
  /** Motion. */
  readonly motion: DatasetMotion;
  /** The recording's own seed (derived from the master seed). */
  readonly seed: number;
}

/** What {@link generateDataset} wrote; also saved as `manifest.json` in the output folder. */
export interface DatasetManifest {
  /** The master seed. */
  readonly seed: number;
  /** Length of each recording (s). */
  readonly durationSec: number;
  /** Sample rate (Hz). */
  readonly sampleRateHz: number;
  /** The recordings, in file-name order. */
  readonly recordings: readonly DatasetEntry[];
  /** Path of `manifest.json`. */
  readonly manifestPath: string;
}

/**
 * Writes a dataset of `count` recordings (MCAP + labels + experiment each) and a `manifest.json`. Levels are
 * balanced and independent of motion and kind: recording slot i gets level `i mod L`, motion `⌊i/L⌋ mod M` and kind
 * `⌊i/(L·M)⌋ mod K`, then the slots are shuffled with the seed, so file order reveals nothing. (The reference cycled
 * level and motion together, so a model could learn the motion instead of the distortion.)
 *
 * @throws `InvalidOptionError` (main entry) for a bad count, seed, duration, rate or an empty list.
 *
 * @example
 * ```ts
 * const manifest = await generateDataset({ outputDir: 'data', count: 36, durationSec: 60, seed: 1 });
 * manifest.recordings[0]; // { name, mcapPath, labelsPath, experimentPath, level, kind, motion, seed }
 * ```
 */
export async function generateDataset({
  outputDir,
  count,
  durationSec = 60,
  sampleRateHz = 100,
  segmentSec = 10,
  seed = 0,
  levels = DISTORTION_LEVELS,
  kinds = DISTORTION_KINDS,
  motions = DATASET_MOTIONS,
  onProgress,
}: GenerateDatasetOptions): Promise<DatasetManifest> {
  if (!Number.isInteger(count) || count < 1) throw new InvalidOptionError('count', 'an integer ≥ 1', count);
  for (const [option, list] of Object.entries({ levels, kinds, motions })) {
    if (list.length === 0) throw new InvalidOptionError(option, 'at least one value', list);
  }
  for (const [option, value] of Object.entries({ durationSec, sampleRateHz, segmentSec })) {
    if (!(value > 0) || !Number.isFinite(value)) throw new InvalidOptionError(option, 'a number > 0', value);
  }
  checkSeed(seed);
  await mkdir(outputDir, { recursive: true });
  const random = new SeededRandom(seed);
  const slots = Array.from({ length: count }, (_, i) => ({
    level: levels[i % levels.length]!,
    motion: motions[Math.floor(i / levels.length) % motions.length]!,
    kind: kinds[Math.floor(i / (levels.length * motions.length)) % kinds.length]!,
  }));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  const width = Math.max(4, String(count - 1).length);
  const recordings: DatasetEntry[] = [];
  for (const [index, slot] of slots.entries()) {
    const name = `recording_${String(index).padStart(width, '0')}`;
    const recordingSeed = random.nextUint32();
    const plan = createDatasetPlan({ durationSec, sampleRateHz, segmentSec, ...slot, seed: recordingSeed });
    const entry: DatasetEntry = {
      name,
      mcapPath: join(outputDir, `${name}.mcap`),
      labelsPath: join(outputDir, `${name}.labels.json`),
      experimentPath: join(outputDir, `${name}.experiment.json`),
      ...slot,
      seed: recordingSeed,
    };
    await generateToFiles(plan, {
      outputPath: entry.mcapPath,
      labelsPath: entry.labelsPath,
      experimentPath: entry.experimentPath,
      name,
    });
    recordings.push(entry);
    onProgress?.({ completed: index + 1, total: count, name });
  }
  const manifestPath = join(outputDir, 'manifest.json');
  const manifest: DatasetManifest = { seed, durationSec, sampleRateHz, recordings, manifestPath };
  await writeFileAtomic(manifestPath, `${JSON.stringify({ ...manifest, manifestPath: undefined }, null, 2)}\n`);
  return manifest;
}
