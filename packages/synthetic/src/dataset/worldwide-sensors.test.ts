import { SeededRandom } from '@tsc/shared';
import { describe, expect, it } from 'vitest';
import { drawSensors } from './worldwide-sensors.js';

/** Half the 1st–99th percentile range of |E·b + o| over `count` field directions of norm `fieldMicroTesla`. */
function tumblingHalfRange(
  matrix: readonly (readonly number[])[],
  offset: { x: number; y: number; z: number },
  fieldMicroTesla: number,
  random: SeededRandom,
  count = 2000,
): number {
  const norms = new Float64Array(count);
  const o = [offset.x, offset.y, offset.z];
  for (let n = 0; n < count; n++) {
    const b = [random.nextGaussian(), random.nextGaussian(), random.nextGaussian()];
    const scale = fieldMicroTesla / Math.hypot(b[0]!, b[1]!, b[2]!);
    const m = [0, 1, 2].map(
      (i) => scale * (matrix[i]![0]! * b[0]! + matrix[i]![1]! * b[1]! + matrix[i]![2]! * b[2]!) + o[i]!,
    );
    norms[n] = Math.hypot(m[0]!, m[1]!, m[2]!);
  }
  norms.sort();
  return (norms[Math.floor(0.99 * (count - 1))]! - norms[Math.floor(0.01 * (count - 1))]!) / 2;
}

describe('drawSensors', () => {
  it('leaves a residual magnetometer calibration error the size measured on real calibrated data', () => {
    // the BROAD dev trials (44 µT, hand held, undisturbed): |m| smoothed over 0.5 s swings by ±1.0–1.4 µT (half the
    // 1st–99th percentile range) as the hand turns; a full tumble can only show more, a fraction of its orientations less
    const random = new SeededRandom(11);
    const halfRanges = Array.from({ length: 200 }, () => {
      const { mag } = drawSensors(100, random);
      const { matrix, offset } = mag.calibration_error!;
      return tumblingHalfRange(matrix, offset, 44, random);
    }).sort((a, b) => a - b);
    expect(halfRanges[100]).toBeGreaterThan(1.2);
    expect(halfRanges[100]).toBeLessThan(2);
    expect(halfRanges[20]).toBeLessThan(1.2);
    expect(halfRanges[180]).toBeLessThan(3);
  });
});
