import type { DistortionLevel } from '@tsc/mcap-utils';

/** A 3-vector in a plan. */
export interface PlanVector3 {
  /** x component. */
  x: number;
  /** y component. */
  y: number;
  /** z component. */
  z: number;
}

/** Noise of one sensor in a plan (physical mode; extension). Missing fields take {@link DEFAULT_NOISE}. */
export interface PlanNoise {
  /** White-noise density (unit/√Hz: µT, m/s² or rad/s per √Hz); per-sample σ = density·√rate. */
  white_noise_density?: number;
  /** Standard deviation of the constant bias drawn once per recording (sensor unit). */
  turn_on_bias_sigma?: number;
  /** Bias random walk (unit/s/√Hz). */
  bias_random_walk?: number;
  /**
   * Bias instability (extension): the standard deviation of a first-order Gauss–Markov bias (sensor unit), the
   * flat floor of a datasheet's Allan deviation. Defaults to 0 (off).
   */
  bias_instability?: number;
  /** Correlation time of the {@link PlanNoise.bias_instability} process (s). Defaults to 100. */
  bias_correlation_time_s?: number;
  /** Temperature drift of the bias while the device warms up (extension). Defaults to none. */
  temperature_drift?: PlanTemperatureDrift;
}

/**
 * A bias that drifts while the sensor warms up: bias(t) += bias_change·(1 − exp(−t/time_constant_s)), t from the
 * first sample (a temperature step of ΔT through a temperature coefficient: bias_change = coefficient·ΔT).
 */
export interface PlanTemperatureDrift {
  /** Bias change after full warm-up (sensor unit: µT, m/s² or rad/s). */
  bias_change: PlanVector3;
  /** Warm-up time constant (s). */
  time_constant_s: number;
}

/**
 * The residual error of a sensor after the user's calibration (extension): the physical quantity the sensor
 * reports is measured = matrix·truth + offset, before noise. A matrix near identity models residual soft iron,
 * scale and cross-axis (misalignment) error; the offset models residual hard iron or zero-rate / zero-g offset.
 */
export interface PlanCalibrationError {
  /** 3×3 error matrix E (rows), dimensionless; identity means no scale or cross-axis error. */
  matrix: number[][];
  /** Offset added after E (sensor unit: µT, m/s² or rad/s). */
  offset: PlanVector3;
}

/** A sensor calibration: truth = matrix·(raw − bias). */
export interface PlanCalibration {
  /** Bias in raw counts. */
  bias: PlanVector3;
  /** 3×3 matrix, rows; physical unit per raw count (µT, m/s², rad/s in physical mode; unit field, g in compat). */
  matrix: number[][];
}

/** One sensor (`mag`, `acc`, `gyro`) of a plan. */
export interface PlanSensor {
  /** Calibration used to turn truth into raw counts: raw = inverse(M)·truth + bias. */
  calibration: PlanCalibration;
  /** Noise (extension). Defaults to {@link DEFAULT_NOISE} for the sensor. */
  noise?: PlanNoise;
  /** Residual calibration error, applied before noise (extension; physical mode). Defaults to none. */
  calibration_error?: PlanCalibrationError;
  /** Name of the sensor part this sensor models, e.g. `BMM150` (extension; informational). Defaults to none. */
  model?: string;
}

/** Geographic origin of a plan. */
export interface PlanOrigin {
  /** Geodetic latitude (degrees). */
  lat: number;
  /** Longitude (degrees). */
  lng: number;
  /** Height above the WGS84 ellipsoid (m). */
  height: number;
}

/** A quaternion in a plan. */
export interface PlanQuaternion {
  /** Scalar part. */
  w: number;
  /** x part. */
  x: number;
  /** y part. */
  y: number;
  /** z part. */
  z: number;
}

/** The initial pose of a plan. */
export interface PlanPose {
  /** Geographic origin (selects the Earth field in physical mode). */
  origin: PlanOrigin;
  /** Initial position in the local East-North-Up frame (m). */
  position: PlanVector3;
  /** Initial orientation, body → world (ENU). */
  rotation: PlanQuaternion;
}

/** The `initialization` block of a plan. */
export interface PlanInitialization {
  /** Initial pose. */
  pose: PlanPose;
  /** Time of the first sample (ns). */
  start_time_ns: number;
  /** Sample rate (Hz). */
  sample_rate: number;
  /** Magnetometer. */
  mag: PlanSensor;
  /** Accelerometer. */
  acc: PlanSensor;
  /** Gyroscope. */
  gyro: PlanSensor;
  /** PRNG seed (extension). Defaults to 0; the generator's `seed` option overrides it. */
  seed?: number;
  /** ISO 8601 date for the World Magnetic Model (extension). Defaults to `2025-01-01`. */
  date?: string;
  /**
   * Gravity (m/s²), or `'wgs84'` for the WGS84 normal gravity (Somigliana) at the origin's latitude and height
   * (extension). Defaults to 9.80665.
   */
  gravity_m_s2?: number | 'wgs84';
  /** Add sensor noise in physical mode (extension). Defaults to true. */
  noise_enabled?: boolean;
  /**
   * Standard deviation of the sample-time jitter (s) (extension; physical mode): sample n is taken at
   * n/rate + j, j Gaussian, truncated to ±0.4 periods so timestamps stay strictly increasing; the truth is
   * evaluated at the jittered time. At most 0.1 sample periods. Defaults to 0.
   */
  timestamp_jitter_s?: number;
}

/** Total rotation of a segment (degrees), read as a constant body rate. */
export interface PlanRotation {
  /** About body x (degrees). */
  roll: number;
  /** About body y (degrees). */
  pitch: number;
  /** About body z (degrees). */
  yaw: number;
}

/** A segment's distortion level (the vocabulary of `@tsc/mcap-utils`: `none`, `low`, `high`). */
export type { DistortionLevel } from '@tsc/mcap-utils';

/**
 * A distortion model: world-frame hard iron, body-frame hard iron (a magnet fixed to the device), soft iron, a
 * permanent-magnet dipole at a place the device passes, or a ferrous object there (a dipole induced along the
 * Earth field).
 */
export type DistortionKind = 'world_hard_iron' | 'body_hard_iron' | 'soft_iron' | 'dipole' | 'ferrous_object';

/**
 * How a distortion's strength runs over its segment: `step` constant, `approach` growing as a magnet closes in
 * (distance falling linearly from `far_distance_ratio`× to 1× the closest distance, deviation ∝ 1/distance³),
 * `departure` the reverse.
 */
export type DistortionEnvelope = 'step' | 'approach' | 'departure';

/** The `mag_distortion` block of a segment. */
export interface PlanMagDistortion {
  /** Label level. Defaults to `none`. */
  level?: DistortionLevel;
  /** World-frame offset x: direction of a world hard iron (compat mode: the offset, in Earth-field units). */
  world_x?: number;
  /** World-frame offset y. */
  world_y?: number;
  /** World-frame offset z. */
  world_z?: number;
  /** Distortion model (extension). Defaults to `world_hard_iron`. */
  kind?: DistortionKind;
  /** Dipole kinds: closest distance between device and dipole (m) (extension). Defaults to 0.3. */
  closest_approach_m?: number;
  /** Time course of the strength within the segment (extension). Defaults to `step`. */
  envelope?: DistortionEnvelope;
  /** `approach` / `departure`: start (end) distance as a multiple of the closest one (extension). Defaults to 2.5. */
  far_distance_ratio?: number;
}

/**
 * A small rotation oscillation about a body axis (hand tremor, the sway of walking): angle
 * θ(t) = amplitude·w(t)·sin(2π·frequency·t + phase), w a smooth taper that is 0 at the segment ends.
 */
export interface PlanRotationOscillation {
  /** Body-frame axis (normalised by the generator; must be non-zero). */
  axis: PlanVector3;
  /** Peak angle (degrees). */
  amplitude_deg: number;
  /** Frequency (Hz). */
  frequency_hz: number;
  /** Phase (rad). Defaults to 0. */
  phase_rad?: number;
  /** Length of the taper at each segment end (s), capped at a quarter of the segment. Defaults to 0.5. */
  ramp_s?: number;
}

/**
 * A linear acceleration oscillation along a world (ENU) axis (the bounce of walking, vibration): the device's
 * position oscillates by −(amplitude/(2πf)²)·w(t)·sin(2πft + phase), so its acceleration is
 * amplitude·sin(2πft + phase) in the middle of the segment and position and velocity are continuous at its ends.
 */
export interface PlanAccelerationOscillation {
  /** World-frame (ENU) axis (normalised by the generator; must be non-zero). */
  axis: PlanVector3;
  /** Peak acceleration (m/s²). */
  amplitude_m_s2: number;
  /** Frequency (Hz). */
  frequency_hz: number;
  /** Phase (rad). Defaults to 0. */
  phase_rad?: number;
  /** Length of the taper at each segment end (s), capped at a quarter of the segment. Defaults to 0.5. */
  ramp_s?: number;
}

/**
 * A tap on the device: a one-period sine pulse of acceleration (push and rebound, no net velocity) along a body
 * axis, added to the accelerometer's specific force. The millimetre displacement it causes is not modelled.
 */
export interface PlanTap {
  /** Start of the pulse from the segment start (s). */
  time_s: number;
  /** Body-frame axis (normalised by the generator; must be non-zero). */
  axis: PlanVector3;
  /** Peak acceleration (m/s²). */
  peak_m_s2: number;
  /** Pulse length (s). */
  duration_s: number;
}

/** One segment of a plan. */
export interface PlanSegment {
  /** Segment name. */
  name: string;
  /** Duration (s). */
  duration_s: number;
  /** Total rotation over the segment. */
  rotation_rpy_degrees: PlanRotation;
  /** Distortion strength: largest relative field deviation ‖Δm‖/‖B‖ (0.2 = 20 %). Ignored in compat mode. */
  magnetic_distortion?: number;
  /** Distortion level and model. */
  mag_distortion?: PlanMagDistortion;
  /** World-frame (ENU) displacement over the segment (m), smooth start and stop (extension). Defaults to none. */
  translation_m?: PlanVector3;
  /** Rotation oscillations on top of the constant rate (extension; physical mode). Defaults to none. */
  rotation_oscillations?: PlanRotationOscillation[];
  /** Acceleration oscillations on top of the translation (extension; physical mode). Defaults to none. */
  acceleration_oscillations?: PlanAccelerationOscillation[];
  /** Taps (extension; physical mode). Defaults to none. */
  taps?: PlanTap[];
}

/** A motion plan: the reference's format plus optional extensions (see `schema/plan.schema.json`). */
export interface Plan {
  /** Initial state, timing and sensors. */
  initialization: PlanInitialization;
  /** Motion segments, in order. */
  segments: PlanSegment[];
}
