import {
  createDatasetPlan,
  type DatasetMotion,
  type DistortionKind,
  type DistortionLevel,
  type Plan,
} from '@tsc/synthetic';

const FRESH_SEGMENTS: readonly { level: DistortionLevel; kind: DistortionKind; motion: DatasetMotion }[] = [
  { level: 'none', kind: 'world_hard_iron', motion: 'stationary' },
  { level: 'low', kind: 'body_hard_iron', motion: 'roll' },
  { level: 'high', kind: 'soft_iron', motion: 'yaw' },
  { level: 'none', kind: 'dipole', motion: 'pitch' },
  { level: 'high', kind: 'dipole', motion: 'carry' },
  { level: 'low', kind: 'world_hard_iron', motion: 'tumble' },
  { level: 'none', kind: 'soft_iron', motion: 'yaw' },
  { level: 'high', kind: 'world_hard_iron', motion: 'roll' },
];

/**
 * A recording the model never saw, with every level in it: eight segments whose level, distortion kind and motion
 * change from one to the next (each made by `createDatasetPlan` of `@tsc/synthetic`), so its predicted timeline can
 * be compared with the truth.
 *
 * @param segmentSec - length of each segment (s).
 */
export function freshRecordingPlan({
  sampleRateHz,
  segmentSec = 10,
  seed,
}: {
  sampleRateHz: number;
  segmentSec?: number;
  seed: number;
}): Plan {
  const parts = FRESH_SEGMENTS.map((segment, index) =>
    createDatasetPlan({ durationSec: segmentSec, segmentSec, sampleRateHz, ...segment, seed: seed + index }),
  );
  return {
    initialization: parts[0]!.initialization,
    segments: parts.map((part, index) => ({
      ...part.segments[0]!,
      name: `${FRESH_SEGMENTS[index]!.level}_${part.segments[0]!.name}`,
    })),
  };
}
