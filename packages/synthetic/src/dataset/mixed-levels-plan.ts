import type { DistortionKind, DistortionLevel, Plan } from '../plan/plan-types.js';
import { createDatasetPlan, type DatasetMotion } from './dataset-plan.js';

const MIXED_SEGMENTS: readonly { level: DistortionLevel; kind: DistortionKind; motion: DatasetMotion }[] = [
  { level: 'none', kind: 'world_hard_iron', motion: 'stationary' },
  { level: 'low', kind: 'body_hard_iron', motion: 'roll' },
  { level: 'high', kind: 'soft_iron', motion: 'yaw' },
  { level: 'none', kind: 'dipole', motion: 'pitch' },
  { level: 'high', kind: 'dipole', motion: 'carry' },
  { level: 'low', kind: 'world_hard_iron', motion: 'tumble' },
  { level: 'none', kind: 'soft_iron', motion: 'yaw' },
  { level: 'high', kind: 'world_hard_iron', motion: 'roll' },
];

/** Options of {@link createMixedLevelsPlan}. */
export interface MixedLevelsPlanOptions {
  /** Sample rate (Hz). */
  sampleRateHz: number;
  /** Length of each of the eight segments (s). Defaults to 10. */
  segmentSec?: number;
  /** Seed of the first segment; segment i uses `seed + i`. */
  seed: number;
}

/**
 * A plan with every level in it, to test a model on: eight segments whose level, distortion kind and motion change
 * from one to the next (`none` stationary, `low` roll, `high` yaw, …; each made by {@link createDatasetPlan}), so a
 * predicted timeline can be compared with the truth. The demo classifies it as its fresh recording.
 *
 * @example
 * ```ts
 * import { createMixedLevelsPlan } from '@tsc/synthetic';
 *
 * const plan = createMixedLevelsPlan({ sampleRateHz: 100, seed: 7 });
 * console.log(plan.segments.map((segment) => segment.name)); // ['none_stationary_0', 'low_roll_0', …]
 * ```
 */
export function createMixedLevelsPlan({ sampleRateHz, segmentSec = 10, seed }: MixedLevelsPlanOptions): Plan {
  const parts = MIXED_SEGMENTS.map((segment, index) =>
    createDatasetPlan({ durationSec: segmentSec, segmentSec, sampleRateHz, ...segment, seed: seed + index }),
  );
  return {
    initialization: parts[0]!.initialization,
    segments: parts.map((part, index) => ({
      ...part.segments[0]!,
      name: `${MIXED_SEGMENTS[index]!.level}_${part.segments[0]!.name}`,
    })),
  };
}
