import type { SeededRandom } from '@tsc/shared';
import type { PlanSegment, PlanVector3 } from '../plan/plan-types.js';

/** Motions of worldwide dataset segments. */
export type WorldwideMotion =
  | 'still'
  | 'slow_rotation'
  | 'fast_rotation'
  | 'translation'
  | 'fast_translation'
  | 'walking'
  | 'hand_tremor'
  | 'tapping'
  | 'vibration';

/** Every {@link WorldwideMotion}. */
export const WORLDWIDE_MOTIONS: readonly WorldwideMotion[] = [
  'still',
  'slow_rotation',
  'fast_rotation',
  'translation',
  'fast_translation',
  'walking',
  'hand_tremor',
  'tapping',
  'vibration',
];

/** The motion fields of a segment (everything but name, duration and distortion). */
export type MotionFields = Pick<
  PlanSegment,
  'rotation_rpy_degrees' | 'translation_m' | 'rotation_oscillations' | 'acceleration_oscillations' | 'taps'
>;

function randomAxis(random: SeededRandom): PlanVector3 {
  for (;;) {
    const x = random.nextGaussian();
    const y = random.nextGaussian();
    const z = random.nextGaussian();
    const n = Math.hypot(x, y, z);
    if (n > 1e-6) return { x: x / n, y: y / n, z: z / n };
  }
}

/** A total rotation of `rateDegPerSec`·duration about a random body axis. */
function rotation(rateDegPerSec: number, durationSec: number, random: SeededRandom) {
  const { x, y, z } = randomAxis(random);
  const angle = rateDegPerSec * durationSec;
  return { roll: x * angle, pitch: y * angle, yaw: z * angle };
}

/** Hand tremor: 0.1–0.5° at 8–12 Hz about a random axis. */
function tremor(random: SeededRandom) {
  return {
    axis: randomAxis(random),
    amplitude_deg: random.uniform(0.1, 0.5),
    frequency_hz: random.uniform(8, 12),
    phase_rad: random.uniform(0, 2 * Math.PI),
  };
}

function horizontal(distanceM: number, random: SeededRandom): PlanVector3 {
  const heading = random.uniform(0, 2 * Math.PI);
  return { x: distanceM * Math.cos(heading), y: distanceM * Math.sin(heading), z: random.uniform(-0.05, 0.05) };
}

const STILL = { roll: 0, pitch: 0, yaw: 0 };

/** Walking at 0.8–1.5 m/s: 1.6–2.2 Hz steps, vertical bounce 1.5–3 m/s², sway, heading changes of ±30°. */
function walking(durationSec: number, random: SeededRandom): MotionFields {
  const stepHz = random.uniform(1.6, 2.2);
  const translation = horizontal(random.uniform(0.8, 1.5) * durationSec, random);
  const lateral = { x: -translation.y, y: translation.x, z: 0 };
  return {
    rotation_rpy_degrees: { roll: 0, pitch: 0, yaw: random.uniform(-30, 30) },
    translation_m: translation,
    acceleration_oscillations: [
      { axis: { x: 0, y: 0, z: 1 }, amplitude_m_s2: random.uniform(1.5, 3), frequency_hz: stepHz },
      { axis: lateral, amplitude_m_s2: random.uniform(0.3, 1), frequency_hz: stepHz / 2 },
    ],
    rotation_oscillations: [
      { axis: { x: 1, y: 0, z: 0 }, amplitude_deg: random.uniform(1, 4), frequency_hz: stepHz / 2 },
      { axis: { x: 0, y: 1, z: 0 }, amplitude_deg: random.uniform(1, 4), frequency_hz: stepHz },
      tremor(random),
    ],
  };
}

/**
 * Fast translation: the device moved back and forth by hand along a random axis, 0.5–2 Hz with 3–10 m/s² peaks
 * (about ±5–30 cm), held at a roughly constant orientation (a slow yaw and tremor). The linear acceleration tilts the
 * measured specific force away from the vertical, so the dip from magnetometer and accelerometer swings by tens of
 * degrees in an undisturbed field.
 */
function fastTranslation(random: SeededRandom): MotionFields {
  return {
    rotation_rpy_degrees: { roll: 0, pitch: 0, yaw: random.uniform(-20, 20) },
    acceleration_oscillations: [
      { axis: randomAxis(random), amplitude_m_s2: random.uniform(3, 10), frequency_hz: random.uniform(0.5, 2) },
    ],
    rotation_oscillations: [tremor(random)],
  };
}

/** Taps every 0.3–1 s along ±body z (a finger on the screen) or a random axis: 5–30 m/s², 10–30 ms. */
function tapping(durationSec: number, random: SeededRandom): MotionFields {
  const taps: NonNullable<PlanSegment['taps']> = [];
  for (let time = random.uniform(0.1, 0.5); time < durationSec - 0.05; time += random.uniform(0.3, 1)) {
    const axis = random.nextFloat() < 0.7 ? { x: 0, y: 0, z: random.nextFloat() < 0.5 ? -1 : 1 } : randomAxis(random);
    const tapSec = random.uniform(0.01, 0.03);
    if (time + tapSec > durationSec) break;
    taps.push({ time_s: time, axis, peak_m_s2: random.uniform(5, 30), duration_s: tapSec });
  }
  return { rotation_rpy_degrees: STILL, taps, rotation_oscillations: [tremor(random)] };
}

/** Vibration: 20–50 Hz, 0.5–5 m/s² along a random world axis, with a 0.02–0.1° rocking at the same frequency. */
function vibration(random: SeededRandom): MotionFields {
  const frequency = random.uniform(20, 50);
  return {
    rotation_rpy_degrees: STILL,
    acceleration_oscillations: [
      { axis: randomAxis(random), amplitude_m_s2: random.uniform(0.5, 5), frequency_hz: frequency },
    ],
    rotation_oscillations: [
      { axis: randomAxis(random), amplitude_deg: random.uniform(0.02, 0.1), frequency_hz: frequency },
    ],
  };
}

/**
 * The motion fields of one segment: `still` (no motion), `slow_rotation` (10–45 °/s about a random axis, with
 * tremor), `fast_rotation` (90–360 °/s), `translation` (0.3–2 m carried, ±30° yaw, tremor), `fast_translation`
 * (moved back and forth by hand, 0.5–2 Hz, 3–10 m/s²), `walking`,
 * `hand_tremor` (held still: tremor and a drift of up to 5 °/s), `tapping`, `vibration`.
 */
export function drawMotion(motion: WorldwideMotion, durationSec: number, random: SeededRandom): MotionFields {
  switch (motion) {
    case 'slow_rotation':
      return {
        rotation_rpy_degrees: rotation(random.uniform(10, 45), durationSec, random),
        rotation_oscillations: [tremor(random)],
      };
    case 'fast_rotation':
      return { rotation_rpy_degrees: rotation(random.uniform(90, 360), durationSec, random) };
    case 'translation':
      return {
        rotation_rpy_degrees: { roll: 0, pitch: 0, yaw: random.uniform(-30, 30) },
        translation_m: horizontal(random.uniform(0.3, 2), random),
        rotation_oscillations: [tremor(random)],
      };
    case 'fast_translation':
      return fastTranslation(random);
    case 'walking':
      return walking(durationSec, random);
    case 'hand_tremor':
      return {
        rotation_rpy_degrees: rotation(random.uniform(0, 5), durationSec, random),
        rotation_oscillations: [tremor(random)],
      };
    case 'tapping':
      return tapping(durationSec, random);
    case 'vibration':
      return vibration(random);
    default:
      return { rotation_rpy_degrees: STILL };
  }
}
