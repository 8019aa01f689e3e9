import { SpectrogramOptionsError } from '../errors.js';
import { dipSeries, type Vector3Series } from './derived-channels.js';

/**
 * A recording's own reference field: what the relative channels (`magNormRatio`, `accNormRatio`, `dip`,
 * `fieldConsistency`) are measured against, so that they mean the same at any place on Earth and for any
 * calibration scale.
 */
export interface SensorReference {
  /** Median field magnitude (µT). */
  fieldMicroTesla: number;
  /**
   * Median dip angle (degrees) over the samples whose specific force is within 10 % of its median; `undefined`
   * without an accelerometer.
   */
  dipDeg: number | undefined;
  /** Median specific-force magnitude (m/s²); `undefined` without an accelerometer. */
  specificForceMs2: number | undefined;
}

/**
 * Samples read at most by {@link sensorReference}: every `⌈samples / MAX_REFERENCE_SAMPLES⌉`-th, so that a
 * reference over a long recording reads a bounded, evenly strided subsample (medians need no more). A reader that
 * streams a recording picks the same samples to get the same reference (`@tsc/ast-model`'s block-wise classification).
 */
export const MAX_REFERENCE_SAMPLES = 20_000;

/**
 * The robust reference of a recording (or of any stretch of it): the median field magnitude, the median dip and
 * the median specific force. Medians ignore short disturbances: the reference is the undisturbed field as long as
 * less than half of the samples are disturbed.
 *
 * @param sensors - Calibrated magnetometer (µT) and, optionally, accelerometer (m/s²), row-major `[samples, 3]`, of
 *   equal length.
 * @throws {@link SpectrogramOptionsError} when the series are empty, of different lengths or not `[samples, 3]`.
 *
 * @example
 * ```ts
 * import { sensorReference } from '@tsc/spectrogram';
 *
 * const mag = Float64Array.of(20, 0, -40, 20.5, 0.5, -40, 19.5, -0.5, -40); // µT
 * const acc = Float64Array.of(0, 0, 9.81, 0, 0, 9.81, 0, 0, 9.81); // m/s²
 * console.log(sensorReference({ mag, acc })); // { fieldMicroTesla: 44.7, dipDeg: 63.4, specificForceMs2: 9.81 }
 * ```
 */
export function sensorReference({ mag, acc }: { mag: Vector3Series; acc?: Vector3Series }): SensorReference {
  if (mag.length === 0 || mag.length % 3 !== 0)
    throw new SpectrogramOptionsError('mag.length', 'a positive multiple of 3 ([samples, 3])', mag.length);
  if (acc === undefined)
    return { fieldMicroTesla: median(normsOf(mag)), dipDeg: undefined, specificForceMs2: undefined };
  if (acc.length !== mag.length) throw new SpectrogramOptionsError('acc.length', `${mag.length} (as mag)`, acc.length);
  const samples = mag.length / 3;
  const stride = Math.max(1, Math.ceil(samples / MAX_REFERENCE_SAMPLES));
  const count = Math.ceil(samples / stride);
  const magNorm = new Float64Array(count);
  const accNorm = new Float64Array(count);
  const pickedMag = new Float64Array(count * 3);
  const pickedAcc = new Float64Array(count * 3);
  for (let k = 0; k < count; k++) {
    for (let axis = 0; axis < 3; axis++) {
      pickedMag[3 * k + axis] = mag[3 * k * stride + axis]!;
      pickedAcc[3 * k + axis] = acc[3 * k * stride + axis]!;
    }
    magNorm[k] = Math.hypot(pickedMag[3 * k]!, pickedMag[3 * k + 1]!, pickedMag[3 * k + 2]!);
    accNorm[k] = Math.hypot(pickedAcc[3 * k]!, pickedAcc[3 * k + 1]!, pickedAcc[3 * k + 2]!);
  }
  const specificForceMs2 = median(accNorm);
  const dips = new Float64Array(count);
  dipSeries(pickedMag, pickedAcc, dips);
  const steady = dips.filter((_, k) => Math.abs(accNorm[k]! - specificForceMs2) <= 0.1 * specificForceMs2);
  return {
    fieldMicroTesla: median(magNorm),
    dipDeg: median(steady.length > 0 ? steady : dips),
    specificForceMs2,
  };
}

function normsOf(v: Vector3Series): Float64Array {
  const stride = Math.max(1, Math.ceil(v.length / 3 / MAX_REFERENCE_SAMPLES));
  const out = new Float64Array(Math.ceil(v.length / 3 / stride));
  for (let k = 0; k < out.length; k++) {
    const o = 3 * k * stride;
    out[k] = Math.hypot(v[o]!, v[o + 1]!, v[o + 2]!);
  }
  return out;
}

/** The median of the values (the mean of the two middle ones for an even count). */
function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : 0.5 * (sorted[middle - 1]! + sorted[middle]!);
}
