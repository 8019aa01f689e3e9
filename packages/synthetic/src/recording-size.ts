import { TscError } from '@tsc/errors';

/** The memory a generated recording holds per sample time (bytes): 7 topics of float64 values and int64 times. */
export const RECORDING_BYTES_PER_SAMPLE = 280;

/** The default limit on the memory one generated recording may hold (bytes): 4 GiB. */
export const DEFAULT_MAX_RECORDING_BYTES = 4 * 1024 ** 3;

/** Formats a byte count for messages: `3.7 GiB`, `26.2 TiB`. */
function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}

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
export class RecordingSizeError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.RecordingSizeError');
  constructor(
    /** The option or plan field that sets the size, e.g. `--duration` or `segments[].duration_s`. */
    readonly option: string,
    /** The samples per topic it asks for. */
    readonly samples: number,
    /** The memory those samples would need (bytes). */
    readonly neededBytes: number,
    /** The limit (bytes). */
    readonly limitBytes: number,
  ) {
    super(
      `${option}: ${samples.toPrecision(3)} samples per topic would need ${formatBytes(neededBytes)} of memory; the limit is ${formatBytes(limitBytes)} (maxMemoryBytes)`,
    );
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
  const samples = Math.ceil(durationSec * sampleRateHz) + 1;
  const neededBytes = samples * RECORDING_BYTES_PER_SAMPLE;
  if (neededBytes > maxMemoryBytes) throw new RecordingSizeError(option, samples, neededBytes, maxMemoryBytes);
}
