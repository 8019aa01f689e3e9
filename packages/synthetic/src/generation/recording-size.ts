import { DEFAULT_MAX_MEMORY_BYTES, MemoryLimitError } from '@tsc/mcap-utils';

/** The memory a generated recording holds per sample time (bytes): 7 topics of float64 values and int64 times. */
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

/** What {@link checkDatasetSize} checks. */
export interface DatasetSizeCheck extends RecordingSizeCheck {
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
 * Checks, before any work starts, a dataset of `count` recordings: each must fit in memory
 * ({@link checkRecordingSize}), their manifest too ({@link MANIFEST_BYTES_PER_RECORDING} each), and all of them on
 * the disk ({@link RECORDING_DISK_BYTES_PER_SAMPLE} per sample time, against `freeDiskBytes`).
 *
 * @throws {@link RecordingSizeError} for one recording; `MemoryLimitError` naming the count option for the
 *   manifest or the disk.
 */
export function checkDatasetSize(check: DatasetSizeCheck): void {
  const { count, countOption = 'count', freeDiskBytes, outputDir = 'the output folder' } = check;
  const { maxMemoryBytes = DEFAULT_MAX_RECORDING_BYTES } = check;
  checkRecordingSize(check);
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
