import type { SeededRandom } from '@tsc/shared';
import type { PlanCalibrationError, PlanSensor } from '../plan/plan-types.js';
import { scaledCalibration } from './scaled-calibration.js';
import {
  CALIBRATION_RESIDUALS,
  IMU_BIAS_INSTABILITY,
  IMU_MODELS,
  type ImuModel,
  MAGNETOMETER_MODELS,
  type MagnetometerModel,
} from './sensor-models.js';

const G = 9.80665;
const DEG = Math.PI / 180;

type Residual = (typeof CALIBRATION_RESIDUALS)[keyof typeof CALIBRATION_RESIDUALS];

/** E = I + scale (diagonal) + symmetric cross-axis + antisymmetric misalignment, all Gaussian. */
function errorMatrix(residual: Residual, random: SeededRandom): number[][] {
  const m = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let i = 0; i < 3; i++) m[i]![i] = 1 + residual.scale * random.nextGaussian();
  for (const [i, j] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const) {
    const symmetric = residual.crossAxis * random.nextGaussian();
    const skew = residual.misalignmentDeg * DEG * random.nextGaussian();
    m[i]![j] = symmetric + skew;
    m[j]![i] = symmetric - skew;
  }
  return m;
}

function calibrationError(residual: Residual, random: SeededRandom): PlanCalibrationError {
  const matrix = errorMatrix(residual, random);
  const [x, y, z] = [0, 1, 2].map(() => residual.offset * random.nextGaussian()) as [number, number, number];
  return { matrix, offset: { x, y, z } };
}

function drift(sigma: number, timeConstantSec: number, random: SeededRandom) {
  const [x, y, z] = [0, 1, 2].map(() => sigma * random.nextGaussian()) as [number, number, number];
  return { bias_change: { x, y, z }, time_constant_s: timeConstantSec };
}

/** The three sensors of a worldwide dataset recording. */
export interface WorldwideSensors {
  readonly mag: PlanSensor;
  readonly acc: PlanSensor;
  readonly gyro: PlanSensor;
}

/**
 * Draws a magnetometer and an IMU part and builds their plan sensors: datasheet noise, residual calibration error
 * ({@link CALIBRATION_RESIDUALS}), bias instability ({@link IMU_BIAS_INSTABILITY}) and a warm-up temperature drift
 * (ΔT 2–10 K, time constant 60–600 s, through the part's temperature coefficient). Raw counts use the part's
 * resolution (magnetometer), 1/16384 g (accelerometer, ±2 g) and 1/16.4 °/s (gyroscope, ±2000 °/s).
 */
export function drawSensors(sampleRateHz: number, random: SeededRandom): WorldwideSensors {
  const magModel = MAGNETOMETER_MODELS[Math.floor(random.nextFloat() * MAGNETOMETER_MODELS.length)]!;
  const imuModel = IMU_MODELS[Math.floor(random.nextFloat() * IMU_MODELS.length)]!;
  const warmUpKelvin = random.uniform(2, 10);
  const timeConstantSec = random.uniform(60, 600);
  return {
    mag: magnetometer(magModel, sampleRateHz, timeConstantSec, random),
    acc: accelerometer(imuModel, warmUpKelvin, timeConstantSec, random),
    gyro: gyroscope(imuModel, warmUpKelvin, timeConstantSec, random),
  };
}

function magnetometer(model: MagnetometerModel, rate: number, tau: number, random: SeededRandom): PlanSensor {
  const residual = CALIBRATION_RESIDUALS.mag;
  return {
    model: model.name,
    calibration: scaledCalibration(model.resolutionMicroTesla),
    calibration_error: calibrationError(residual, random),
    noise: {
      white_noise_density: model.rmsNoiseMicroTesla / Math.sqrt(rate),
      turn_on_bias_sigma: 0,
      bias_random_walk: 0,
      temperature_drift: drift(residual.warmUpDrift, tau, random),
    },
  };
}

function accelerometer(model: ImuModel, kelvin: number, tau: number, random: SeededRandom): PlanSensor {
  const [low, high] = IMU_BIAS_INSTABILITY.accMicroG;
  return {
    model: model.name,
    calibration: scaledCalibration(G / 16384),
    calibration_error: calibrationError(CALIBRATION_RESIDUALS.acc, random),
    noise: {
      white_noise_density: model.accNoiseDensityMicroGPerSqrtHz * 1e-6 * G,
      turn_on_bias_sigma: 0,
      bias_random_walk: 0,
      bias_instability: random.uniform(low, high) * 1e-6 * G,
      temperature_drift: drift(model.accOffsetPerKelvinMilliG * 1e-3 * G * kelvin, tau, random),
    },
  };
}

function gyroscope(model: ImuModel, kelvin: number, tau: number, random: SeededRandom): PlanSensor {
  const [low, high] = IMU_BIAS_INSTABILITY.gyroDegPerHour;
  return {
    model: model.name,
    calibration: scaledCalibration(DEG / 16.4),
    calibration_error: calibrationError(CALIBRATION_RESIDUALS.gyro, random),
    noise: {
      white_noise_density: model.gyroNoiseDensityDegPerSecPerSqrtHz * DEG,
      turn_on_bias_sigma: 0,
      bias_random_walk: 0,
      bias_instability: (random.uniform(low, high) / 3600) * DEG,
      temperature_drift: drift(model.gyroOffsetPerKelvinDegPerSec * DEG * kelvin, tau, random),
    },
  };
}
