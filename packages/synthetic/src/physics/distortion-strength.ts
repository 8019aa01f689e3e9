import type { DistortionKind, DistortionLevel, PlanSegment } from '../plan/plan-types.js';

/** The strength band of one level: strength = largest relative field deviation ‖Δm‖/‖B‖ in a segment. */
export interface StrengthBand {
  /** Smallest strength of the level. */
  readonly min: number;
  /** Largest strength of the level. */
  readonly max: number;
  /** Strength used when a plan gives the level but no `magnetic_distortion`. */
  readonly default: number;
}

/**
 * The level ↔ strength mapping (strength = ‖Δm‖/‖B_earth‖, the largest relative deviation of the measured field
 * vector from the undisturbed one in the segment). `high` reaches 3× the Earth field: a magnet a few centimetres from
 * the sensor (the BROAD trial with a magnet attached 2 cm away deviates by 60 % in norm and 100 % in the gyro-
 * consistency residual within one window), which a band ending at the field itself never showed the model. The gap
 * between the bands (0.30–0.60) and the distance of `low` from zero keep the levels separable far beyond the sensor noise (about 0.6 % of the field at 100 Hz).
 */
export const STRENGTH_BANDS: Readonly<Record<DistortionLevel, StrengthBand>> = {
  none: { min: 0, max: 0, default: 0 },
  low: { min: 0.15, max: 0.3, default: 0.2 },
  high: { min: 0.6, max: 3.0, default: 0.8 },
};

/**
 * Largest strength of a moderate disturbance: one as large as the Earth field. The fixed-variety plan keeps every
 * disturbance below it; the worldwide plan draws half its `high` ones above it (a near magnet).
 */
export const MODERATE_STRENGTH_MAX = 1;

/** A strength at or above this (with no level given) means `high`; below it and above 0, `low`. */
export const HIGH_STRENGTH_THRESHOLD = 0.45;

/** The label value of each level in labels files (`metadata.mag_distortion`), as the reference writes it. */
export { LEVEL_LABELS } from '@tsc/mcap-utils';

/** How a segment's distortion was resolved from its plan fields. */
export interface ResolvedDistortion {
  /** The label level. */
  readonly level: DistortionLevel;
  /** The strength applied (within the level's band). */
  readonly strength: number;
  /** The model applied, `undefined` for none. */
  readonly kind: DistortionKind | undefined;
  /** Set when the plan's number had to be changed to keep the label true (text for the user). */
  readonly warning: string | undefined;
}

/**
 * Resolves level, strength and kind of a segment (physical mode):
 * - level from `mag_distortion.level`; without it, from `magnetic_distortion` (0 → none, below
 *   {@link HIGH_STRENGTH_THRESHOLD} → low, else high); without both, none;
 * - strength from `magnetic_distortion`, clamped into the level's {@link STRENGTH_BANDS} band (with a warning),
 *   or the band's default;
 * - kind from `mag_distortion.kind`, default `world_hard_iron`.
 */
export function resolveDistortion(segment: PlanSegment, segmentIndex: number): ResolvedDistortion {
  const info = segment.mag_distortion;
  const number = segment.magnetic_distortion;
  let level: DistortionLevel;
  if (info?.level !== undefined) level = info.level;
  else if (number !== undefined) level = number === 0 ? 'none' : number < HIGH_STRENGTH_THRESHOLD ? 'low' : 'high';
  else level = 'none';
  const band = STRENGTH_BANDS[level];
  let strength = number ?? band.default;
  let warning: string | undefined;
  if (strength < band.min || strength > band.max) {
    const clamped = Math.min(band.max, Math.max(band.min, strength));
    warning = `segments[${segmentIndex}].magnetic_distortion: ${strength} is outside the "${level}" band [${band.min}, ${band.max}]; used ${clamped} so the label matches the data`;
    strength = clamped;
  }
  return { level, strength, kind: level === 'none' ? undefined : (info?.kind ?? 'world_hard_iron'), warning };
}
