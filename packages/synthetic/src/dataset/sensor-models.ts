/**
 * A magnetometer part. Figures are the part's datasheet values where `source` says so; everything else is marked
 * as an assumption in `source`.
 */
export interface MagnetometerModel {
  /** Part name, e.g. `BMM150`. */
  readonly name: string;
  /** Manufacturer and datasheet. */
  readonly source: string;
  /** RMS output noise per axis (µT) in the mode a phone or board typically runs the part at. */
  readonly rmsNoiseMicroTesla: number;
  /** Resolution (µT per count), used as the calibration scale of the raw counts. */
  readonly resolutionMicroTesla: number;
}

/** An accelerometer-gyroscope part (IMU). */
export interface ImuModel {
  /** Part name, e.g. `BMI270`. */
  readonly name: string;
  /** Manufacturer and datasheet. */
  readonly source: string;
  /** Gyroscope rate-noise density (°/s/√Hz), datasheet typical. */
  readonly gyroNoiseDensityDegPerSecPerSqrtHz: number;
  /** Accelerometer noise density (µg/√Hz), datasheet typical. */
  readonly accNoiseDensityMicroGPerSqrtHz: number;
  /** Gyroscope zero-rate offset change with temperature (°/s per K), typical for the part's class (not all checked). */
  readonly gyroOffsetPerKelvinDegPerSec: number;
  /** Accelerometer zero-g offset change with temperature (mg per K), typical for the part's class (not all checked). */
  readonly accOffsetPerKelvinMilliG: number;
}

/**
 * Magnetometers the worldwide dataset draws from. RMS noise: BMM150 0.6 µT (regular preset; 0.3–1.0 µT over its
 * presets), LIS3MDL 3.2 mgauss x/y and 4.1 mgauss z at ±4 gauss in ultra-high-performance mode (0.35 µT used),
 * MMC5983MA 0.4 mG total RMS (0.04 µT). The AK09918 datasheet gives the 0.15 µT/LSB resolution but no noise figure:
 * 0.5 µT is assumed (the noise of phone Hall magnetometers, whose real recordings show about 0.55 µT).
 */
export const MAGNETOMETER_MODELS: readonly MagnetometerModel[] = [
  {
    name: 'BMM150',
    source: 'Bosch Sensortec BMM150 datasheet (BST-BMM150-DS001): output noise 0.6 µT, regular preset',
    rmsNoiseMicroTesla: 0.6,
    resolutionMicroTesla: 0.3,
  },
  {
    name: 'AK09918',
    source: 'AKM AK09918C datasheet: 0.15 µT/LSB; noise not specified, 0.5 µT assumed',
    rmsNoiseMicroTesla: 0.5,
    resolutionMicroTesla: 0.15,
  },
  {
    name: 'LIS3MDL',
    source: 'STMicroelectronics LIS3MDL datasheet (DocID024204): RMS noise 3.2/3.2/4.1 mgauss at ±4 gauss, UHP mode',
    rmsNoiseMicroTesla: 0.35,
    resolutionMicroTesla: 100 / 6842,
  },
  {
    name: 'MMC5983MA',
    source: 'MEMSIC MMC5983MA datasheet (Rev A): total RMS noise 0.4 mG',
    rmsNoiseMicroTesla: 0.04,
    resolutionMicroTesla: 100 / 16384,
  },
];

/**
 * IMUs the worldwide dataset draws from: noise densities from the datasheets (typical values); temperature
 * coefficients typical for the class of part. None of these datasheets specifies a bias instability; the dataset draws it from the typical
 * Allan-deviation floors of consumer MEMS IMUs instead ({@link IMU_BIAS_INSTABILITY}).
 */
export const IMU_MODELS: readonly ImuModel[] = [
  {
    name: 'BMI270',
    source: 'Bosch Sensortec BMI270 datasheet (BST-BMI270-DS000): 0.007 °/s/√Hz, 160 µg/√Hz',
    gyroNoiseDensityDegPerSecPerSqrtHz: 0.007,
    accNoiseDensityMicroGPerSqrtHz: 160,
    gyroOffsetPerKelvinDegPerSec: 0.02,
    accOffsetPerKelvinMilliG: 0.2,
  },
  {
    name: 'ICM-42688-P',
    source: 'TDK InvenSense ICM-42688-P datasheet (DS-000347): 2.8 mdps/√Hz, 70 µg/√Hz',
    gyroNoiseDensityDegPerSecPerSqrtHz: 0.0028,
    accNoiseDensityMicroGPerSqrtHz: 70,
    gyroOffsetPerKelvinDegPerSec: 0.005,
    accOffsetPerKelvinMilliG: 0.15,
  },
  {
    name: 'LSM6DSO',
    source: 'STMicroelectronics LSM6DSO datasheet (DS12140): 3.8 mdps/√Hz, 70 µg/√Hz (high-performance mode)',
    gyroNoiseDensityDegPerSecPerSqrtHz: 0.0038,
    accNoiseDensityMicroGPerSqrtHz: 70,
    gyroOffsetPerKelvinDegPerSec: 0.01,
    accOffsetPerKelvinMilliG: 0.1,
  },
];

/**
 * Ranges the worldwide dataset draws bias instability from (uniformly): gyroscope 3–10 °/h, accelerometer
 * 40–100 µg, typical Allan-deviation floors of consumer MEMS IMUs (an assumption: not in the datasheets above).
 */
export const IMU_BIAS_INSTABILITY = {
  gyroDegPerHour: [3, 10],
  accMicroG: [40, 100],
} as const;

/**
 * Residual error after a user's calibration, as the worldwide dataset draws it (Gaussian σ per entry). Magnetometer:
 * scale 1.5 %, symmetric soft-iron/cross-axis 0.75 %, misalignment 0.25°, offset 0.75 µT per axis; tumbling in a
 * 44 µT field, |m| then varies by a median ±1.6 µT with orientation (p10 ±1.0, p90 ±2.3; half the 1st–99th percentile
 * range). Measured on the real BROAD dev trials at 44 µT: ±1.0–1.4 µT with the white noise smoothed away (0.5 s
 * mean), ±1.8–2.2 µT with it (σ 0.42 µT); a hand-held trial turns through part of the orientations, so the drawn
 * sensors are at or somewhat above that device. Warm-up drift 0.3 µT per axis. Accelerometer: scale and cross-axis
 * 0.5 %, offset 10 mg. Gyroscope: scale and cross-axis 1 %, offset 0.1 °/s.
 */
export const CALIBRATION_RESIDUALS = {
  mag: { scale: 0.015, crossAxis: 0.0075, misalignmentDeg: 0.25, offset: 0.75, warmUpDrift: 0.3 },
  acc: { scale: 0.005, crossAxis: 0.005, misalignmentDeg: 0, offset: 0.01 * 9.80665, warmUpDrift: 0 },
  gyro: { scale: 0.01, crossAxis: 0.01, misalignmentDeg: 0, offset: (0.1 * Math.PI) / 180, warmUpDrift: 0 },
} as const;
