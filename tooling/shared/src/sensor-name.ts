/**
 * The three-axis sensors of an IMU recording: magnetometer (`mag`, µT), accelerometer (`acc`, m/s²) and
 * gyroscope (`gyro`, rad/s). Their topics in a recording are named after them (e.g. `mag_raw`).
 */
export type SensorName = 'mag' | 'acc' | 'gyro';

/** Every {@link SensorName}, in the conventional channel order. */
export const SENSOR_NAMES: readonly SensorName[] = Object.freeze(['mag', 'acc', 'gyro'] as const);
