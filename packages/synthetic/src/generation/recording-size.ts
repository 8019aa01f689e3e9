import { DEFAULT_MAX_MEMORY_BYTES, MemoryLimitError } from '@tsc/mcap-utils';
import { InvalidOptionError } from '../invalid-option-error.js';

/**
 * The memory a recording generated in memory (`generateRecording`) holds per sample time (bytes): 7 topics of
 * float64 values and int64 times. Written to files, a recording is streamed instead (see
 * {@link checkStreamedRecordingSize}).
 */
export const RECORDING_BYTES_PER_SAMPLE = 280;

/**
 * The disk a generated recording takes per sample time (bytes): the zstd MCAP (381 B per sample time measured for
 * 2 h at 100 Hz, 401 B for 20 s) plus its labels and experiment files, rounded up.
 */
export const RECORDING_DISK_BYTES_PER_SAMPLE = 420;

/**
 * The memory a dataset holds per recording besides the recording itself (bytes): its manifest entry as objects
 * and as JSON text (1.2 KB of JSON for a 20 s recording), rounded up.
 */
export const MANIFEST_BYTES_PER_RECORDING = 8 * 1024;

/** The default limit on the memory one generated recording may hold (bytes): 4 GiB. */
export const DEFAULT_MAX_RECORDING_BYTES = DEFAULT_MAX_MEMORY_BYTES;

/**
 * A recording would need more memory than the limit: raised before any sample is generated. Names the
 * option (or plan field) that sets the size, the memory needed and the limit.
 *
 * @example
 * ```ts
 * import { checkRecordingSize, RecordingSizeError } from '@tsc/synthetic';
 *
 * try {
 *   checkRecordingSize({ durationSec: 1e9, sampleRateHz: 400, option: '--duration' });
 * } catch (error) {
 *   if (error instanceof RecordingSizeError) console.error(error.option, error.neededBytes, error.limitBytes);
 * }
 * ```
 */
export class RecordingSizeError extends MemoryLimitError {
  static override readonly marker: symbol = Symbol.for('tsc.error.RecordingSizeError');
  constructor(
    option: string,
    /** The samples per topic it asks for. */
    readonly samples: number,
    neededBytes: number,
    limitBytes: number,
  ) {
    super(option, `${samples.toPrecision(3)} samples per topic`, neededBytes, limitBytes);
  }
}

/** What {@link checkRecordingSize} checks. */
export interface RecordingSizeCheck {
  /** Length of the recording (s). */
  durationSec: number;
  /** Sample rate (Hz). */
  sampleRateHz: number;
  /** The option or plan field named in the error, e.g. `--duration`. */
  option: string;
  /** The limit (bytes). Defaults to {@link DEFAULT_MAX_RECORDING_BYTES}. */
  maxMemoryBytes?: number;
}

/** Sample times of a recording of `durationSec` at `sampleRateHz`. */
function sampleCount(durationSec: number, sampleRateHz: number): number {
  return Math.ceil(durationSec * sampleRateHz) + 1;
}

/**
 * Checks, before any work starts, that a recording of `durationSec` at `sampleRateHz` fits in `maxMemoryBytes`
 * ({@link RECORDING_BYTES_PER_SAMPLE} per sample time).
 *
 * @throws {@link RecordingSizeError} naming the option, the memory needed and the limit.
 */
export function checkRecordingSize({
  durationSec,
  sampleRateHz,
  option,
  maxMemoryBytes = DEFAULT_MAX_RECORDING_BYTES,
}: RecordingSizeCheck): void {
  const samples = sampleCount(durationSec, sampleRateHz);
  const neededBytes = samples * RECORDING_BYTES_PER_SAMPLE;
  if (neededBytes > maxMemoryBytes) throw new RecordingSizeError(option, samples, neededBytes, maxMemoryBytes);
}

/**
 * Samples a physical recording is generated in at a time when no block length is given: 8192 (82 s at 100 Hz,
 * 20 s at 400 Hz; about 2.6 MB of block arrays). The output does not depend on it.
 */
export const DEFAULT_BLOCK_LENGTH_SAMPLES = 8192;

/**
 * The memory a streamed recording holds per sample of its block (bytes): times in ns and s, 7 topics, the
 * sensors' Gaussians and a dipole's look-ahead times, rounded up.
 */
export const BLOCK_BYTES_PER_SAMPLE = 320;

/**
 * The memory a streamed recording holds per plan segment (bytes): the plan segment, its summary and label runs,
 * its label events and its experiment entry as objects and JSON text, rounded up.
 */
export const SEGMENT_BYTES = 2048;

/**
 * The longest recording that can be generated (s): 2⁵³ ns, about 104 days. Sample times are computed in double
 * precision and are exact to the nanosecond up to 2⁵³ ns from the first sample.
 */
export const MAX_RECORDING_DURATION_SEC = 2 ** 53 / 1e9;

/** What {@link checkStreamedRecordingSize} checks. */
export interface StreamedRecordingCheck {
  /** Length of the recording (s). */
  durationSec: number;
  /** Sample rate (Hz). */
  sampleRateHz: number;
  /** Plan segments (or, before a plan is drawn, the most it can have). */
  segmentCount: number;
  /** Samples per block. Defaults to {@link DEFAULT_BLOCK_LENGTH_SAMPLES}. */
  blockLengthSamples?: number;
  /** The option or plan field that sets the length, named in errors, e.g. `durationSec`. */
  option: string;
  /** The limit (bytes). Defaults to {@link DEFAULT_MAX_RECORDING_BYTES}. */
  maxMemoryBytes?: number;
}

/**
 * Checks, before any work starts, a recording that is streamed block by block (to a file): its length must be
 * representable ({@link MAX_RECORDING_DURATION_SEC}), and what it holds at once, one block
 * ({@link BLOCK_BYTES_PER_SAMPLE} per sample) and its segments' state ({@link SEGMENT_BYTES} each), must fit in
 * `maxMemoryBytes`. The recording's length itself takes no memory.
 *
 * @throws {@link InvalidOptionError} naming the option for a length past {@link MAX_RECORDING_DURATION_SEC} or a
 *   block length that is not an integer ≥ 1; `MemoryLimitError` naming the option, the memory needed and the limit.
 */
export function checkStreamedRecordingSize(check: StreamedRecordingCheck): void {
  const { durationSec, sampleRateHz, segmentCount, option } = check;
  const { blockLengthSamples = DEFAULT_BLOCK_LENGTH_SAMPLES, maxMemoryBytes = DEFAULT_MAX_RECORDING_BYTES } = check;
  if (!(durationSec <= MAX_RECORDING_DURATION_SEC)) {
    throw new InvalidOptionError(
      option,
      `a recording of at most ${MAX_RECORDING_DURATION_SEC.toPrecision(4)} s (2⁵³ ns, about 104 days: sample times are exact to the nanosecond up to there)`,
      `${durationSec} s`,
    );
  }
  if (!Number.isInteger(blockLengthSamples) || blockLengthSamples < 1) {
    throw new InvalidOptionError('blockLengthSamples', 'an integer ≥ 1', blockLengthSamples);
  }
  const blockSamples = Math.min(blockLengthSamples, sampleCount(durationSec, sampleRateHz));
  const neededBytes = blockSamples * BLOCK_BYTES_PER_SAMPLE + segmentCount * SEGMENT_BYTES;
  if (neededBytes > maxMemoryBytes) {
    const detail = `a block of ${blockSamples} samples (blockLengthSamples) and the state of ${segmentCount} segments`;
    throw new MemoryLimitError(option, detail, neededBytes, maxMemoryBytes);
  }
}

/** What {@link checkRecordingDisk} checks. */
export interface RecordingDiskCheck {
  /** Samples per topic of the recording. */
  sampleCount: number;
  /** The option or plan field that sets the length, named in the error. */
  option: string;
  /** The file the recording goes to, named in the error. */
  outputPath: string;
  /** Free space where it goes (bytes); nothing is checked when undefined. */
  freeDiskBytes: number | undefined;
}

/**
 * Checks, before any work starts, that a recording fits in the free space where it is written
 * ({@link RECORDING_DISK_BYTES_PER_SAMPLE} per sample time): a streamed recording's length takes no memory, but it
 * takes disk.
 *
 * @throws `MemoryLimitError` (resource `disk`) naming the option, the bytes needed and the free space.
 */
export function checkRecordingDisk({ sampleCount, option, outputPath, freeDiskBytes }: RecordingDiskCheck): void {
  const diskBytes = sampleCount * RECORDING_DISK_BYTES_PER_SAMPLE;
  if (freeDiskBytes === undefined || diskBytes <= freeDiskBytes) return;
  throw new MemoryLimitError(option, `${sampleCount} samples per topic in ${outputPath}`, diskBytes, freeDiskBytes, {
    name: 'disk',
    setBy: 'the free space there',
  });
}

/** What {@link checkDatasetSize} checks. */
export interface DatasetSizeCheck extends RecordingSizeCheck {
  /** The most segments one recording can have. Defaults to one per 3 s (the shortest worldwide segment). */
  segmentCount?: number;
  /** Number of recordings. */
  count: number;
  /** The option named in errors about the count, e.g. `--count`. Defaults to `'count'`. */
  countOption?: string;
  /** Free space where the dataset goes (bytes); the disk check is skipped when undefined. Defaults to undefined. */
  freeDiskBytes?: number;
  /** Where the dataset goes, named in the disk error. Defaults to `'the output folder'`. */
  outputDir?: string;
}

/**
 * Checks, before any work starts, a dataset of `count` recordings: each, streamed to its file, must be
 * representable and fit in memory ({@link checkStreamedRecordingSize}), their manifest too
 * ({@link MANIFEST_BYTES_PER_RECORDING} each), and all of them on the disk ({@link RECORDING_DISK_BYTES_PER_SAMPLE}
 * per sample time, against `freeDiskBytes`).
 *
 * @throws {@link InvalidOptionError} for a recording too long to represent; `MemoryLimitError` naming the
 *   recording's option when one recording's block and segments would not fit, or the count option for the
 *   manifest or the disk.
 */
export function checkDatasetSize(check: DatasetSizeCheck): void {
  const { count, countOption = 'count', freeDiskBytes, outputDir = 'the output folder' } = check;
  const { maxMemoryBytes = DEFAULT_MAX_RECORDING_BYTES } = check;
  const { durationSec, sampleRateHz, option } = check;
  const segmentCount = check.segmentCount ?? Math.ceil(durationSec / 3);
  checkStreamedRecordingSize({ durationSec, sampleRateHz, segmentCount, option, maxMemoryBytes });
  const manifestBytes = count * MANIFEST_BYTES_PER_RECORDING;
  if (manifestBytes > maxMemoryBytes) {
    throw new MemoryLimitError(countOption, `the manifest of ${count} recordings`, manifestBytes, maxMemoryBytes);
  }
  if (freeDiskBytes === undefined) return;
  const diskBytes = count * sampleCount(check.durationSec, check.sampleRateHz) * RECORDING_DISK_BYTES_PER_SAMPLE;
  if (diskBytes > freeDiskBytes) {
    throw new MemoryLimitError(
      countOption,
      `${count} recordings of ${check.durationSec} s at ${check.sampleRateHz} Hz (${check.option}) in ${outputDir}`,
      diskBytes,
      freeDiskBytes,
      { name: 'disk', setBy: 'the free space there' },
    );
  }
}
