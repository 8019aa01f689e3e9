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

/** A segment's distortion level. */
export type DistortionLevel = 'none' | 'low' | 'high';

/** A distortion model: world-frame hard iron, body-frame hard iron, soft iron, or a local dipole. */
export type DistortionKind = 'world_hard_iron' | 'body_hard_iron' | 'soft_iron' | 'dipole';

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
  /** Dipole kind: closest distance between device and dipole (m) (extension). Defaults to 0.3. */
  closest_approach_m?: number;
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
}

/** A motion plan: the reference's format plus optional extensions (see `schema/plan.schema.json`). */
export interface Plan {
  /** Initial state, timing and sensors. */
  initialization: PlanInitialization;
  /** Motion segments, in order. */
  segments: PlanSegment[];
}
