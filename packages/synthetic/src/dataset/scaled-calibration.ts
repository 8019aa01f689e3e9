import type { PlanCalibration } from '../plan/plan-types.js';

/**
 * A calibration with no bias and the same scale on every axis (`matrix = scale · I`): `scale` physical units per raw
 * count (µT, m/s² or rad/s in physical mode). @internal
 */
export function scaledCalibration(scale: number): PlanCalibration {
  return {
    bias: { x: 0, y: 0, z: 0 },
    matrix: [
      [scale, 0, 0],
      [0, scale, 0],
      [0, 0, scale],
    ],
  };
}
