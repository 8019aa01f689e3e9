import type { SensorName } from '@tsc/shared';
import type { PlanSensor } from '../plan/plan-types.js';

/** Noise of one sensor axis (same on x, y, z), in the sensor's physical unit (µT, m/s² or rad/s). */
export interface NoiseParameters {
  /** White-noise density (unit/√Hz); the per-sample standard deviation is `whiteNoiseDensity·√sampleRateHz`. */
  readonly whiteNoiseDensity: number;
  /** Standard deviation of the constant bias drawn once per recording (unit). */
  readonly turnOnBiasSigma: number;
  /** Bias random walk (unit/s/√Hz); the bias takes a step of σ = `biasRandomWalk/√sampleRateHz` per sample. */
  readonly biasRandomWalk: number;
  /** Standard deviation of the first-order Gauss–Markov bias (unit); 0 for none. */
  readonly biasInstability: number;
  /** Correlation time of the Gauss–Markov bias (s). */
  readonly biasCorrelationTimeSec: number;
  /** Bias change after full warm-up (unit, x y z); zeros for none. */
  readonly temperatureBiasChange: readonly [number, number, number];
  /** Warm-up time constant (s). */
  readonly temperatureTimeConstantSec: number;
}

/** Correlation time of the bias instability when the plan gives none (s). */
export const DEFAULT_BIAS_CORRELATION_TIME_SEC = 100;

const NO_DRIFT = {
  biasInstability: 0,
  biasCorrelationTimeSec: DEFAULT_BIAS_CORRELATION_TIME_SEC,
  temperatureBiasChange: [0, 0, 0],
  temperatureTimeConstantSec: 1,
} as const;

export type { SensorName };

const DEG = Math.PI / 180;
const G = 9.80665;

/**
 * Default noise of a consumer MEMS IMU (physical units), from datasheets:
 * - gyro: 0.015 °/s/√Hz white noise (TDK InvenSense ICM-20948, DS-000189), 0.2 °/s residual turn-on bias,
 *   2e-5 rad/s²/√Hz bias random walk (the Kalibr IMU noise-model example for an MPU-class IMU);
 * - acc: 230 µg/√Hz white noise (ICM-20948), 5 mg residual bias, 3e-3 m/s³/√Hz bias random walk (Kalibr example);
 * - mag: 0.03 µT/√Hz, i.e. 0.3 µT RMS at 100 Hz (Bosch BMM150 BST-BMM150-DS001: 0.3 µT RMS noise, regular preset),
 *   0.3 µT residual hard-iron bias after calibration, 5e-3 µT/s/√Hz slow drift.
 */
export const DEFAULT_NOISE: Readonly<Record<SensorName, NoiseParameters>> = {
  gyro: { whiteNoiseDensity: 0.015 * DEG, turnOnBiasSigma: 0.2 * DEG, biasRandomWalk: 2e-5, ...NO_DRIFT },
  acc: { whiteNoiseDensity: 230e-6 * G, turnOnBiasSigma: 5e-3 * G, biasRandomWalk: 3e-3, ...NO_DRIFT },
  mag: { whiteNoiseDensity: 0.03, turnOnBiasSigma: 0.3, biasRandomWalk: 5e-3, ...NO_DRIFT },
};

/** No noise at all. */
export const ZERO_NOISE: NoiseParameters = {
  whiteNoiseDensity: 0,
  turnOnBiasSigma: 0,
  biasRandomWalk: 0,
  ...NO_DRIFT,
};

/**
 * The noise of a sensor: the plan's fields over the defaults, or zero when `enabled` is false (the temperature
 * drift is switched off with the noise).
 */
export function resolveNoise(sensor: SensorName, plan: PlanSensor, enabled: boolean): NoiseParameters {
  if (!enabled) return ZERO_NOISE;
  const defaults = DEFAULT_NOISE[sensor];
  const noise = plan.noise;
  const drift = noise?.temperature_drift?.bias_change;
  return {
    whiteNoiseDensity: noise?.white_noise_density ?? defaults.whiteNoiseDensity,
    turnOnBiasSigma: noise?.turn_on_bias_sigma ?? defaults.turnOnBiasSigma,
    biasRandomWalk: noise?.bias_random_walk ?? defaults.biasRandomWalk,
    biasInstability: noise?.bias_instability ?? defaults.biasInstability,
    biasCorrelationTimeSec: noise?.bias_correlation_time_s ?? defaults.biasCorrelationTimeSec,
    temperatureBiasChange: drift === undefined ? defaults.temperatureBiasChange : [drift.x, drift.y, drift.z],
    temperatureTimeConstantSec: noise?.temperature_drift?.time_constant_s ?? defaults.temperatureTimeConstantSec,
  };
}
