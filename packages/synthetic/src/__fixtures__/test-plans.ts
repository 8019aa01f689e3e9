import type { DistortionKind, DistortionLevel, Plan, PlanSegment } from '../plan/plan-types.js';
import { scaledCalibration } from '../dataset/scaled-calibration.js';

const identityCalibration = (scale: number) => ({ calibration: scaledCalibration(scale) });

/** A small plan for tests: 100 Hz at the reference origin, the given segments. @internal */
export function testPlan(segments: PlanSegment[], overrides: Partial<Plan['initialization']> = {}): Plan {
  return {
    initialization: {
      pose: {
        origin: { lat: 38.446421508551126, lng: -122.6870156573012, height: 0 },
        position: { x: 0, y: 0, z: 0 },
        rotation: { w: 1, x: 0, y: 0, z: 0 },
      },
      start_time_ns: 0,
      sample_rate: 100,
      mag: identityCalibration(0.15),
      acc: identityCalibration(0.0005),
      gyro: identityCalibration(0.0001),
      ...overrides,
    },
    segments,
  };
}

/** A segment with a rotation and optional distortion. @internal */
export function testSegment(
  durationSec: number,
  rotation: { roll?: number; pitch?: number; yaw?: number } = {},
  distortion?: { level: DistortionLevel; kind?: DistortionKind; strength?: number },
): PlanSegment {
  const segment: PlanSegment = {
    name: `s${durationSec}`,
    duration_s: durationSec,
    rotation_rpy_degrees: { roll: rotation.roll ?? 0, pitch: rotation.pitch ?? 0, yaw: rotation.yaw ?? 0 },
  };
  if (distortion !== undefined) {
    segment.mag_distortion = distortion.kind === undefined ? { level: distortion.level } : { level: distortion.level, kind: distortion.kind };
    if (distortion.strength !== undefined) segment.magnetic_distortion = distortion.strength;
  }
  return segment;
}
