import type { ExperimentFile, ImuRecording, LabelsFile } from '@tsc/mcap-utils';
import { SeededRandom } from '@tsc/shared';
import { checkSeed } from '../invalid-option-error.js';
import { buildExperiment, buildLabels } from '../labels/labels.js';
import type { SegmentSummary } from '../labels/segment-summary.js';
import type { EarthField } from '../physics/earth-field.js';
import type { Plan } from '../plan/plan-types.js';
import { validatePlan } from '../plan/validate-plan.js';
import { generateCompat } from './compat-generator.js';
import { generatePhysical } from './physical-generator.js';
import { checkRecordingSize } from './recording-size.js';

/** Options of {@link generateRecording}. */
export interface GenerateRecordingOptions {
  /** PRNG seed, an integer in [0, 2³²) (noise, distortion geometry, label ids). Defaults to the plan's `initialization.seed`, else 0. */
  seed?: number;
  /** `'seed'` reproduces the reference generator exactly (no noise, unit field, its quirks). Defaults to physical mode. */
  compat?: 'seed';
  /** Recording name used in label and experiment paths. Defaults to `'synthetic'`. */
  name?: string;
  /** Nstrumenta project in label and experiment paths. Defaults to `'nst-test'` (the reference's). */
  project?: string;
  /** `collection` of the label events. Defaults to `projects/<project>/data/synthetic_datasets/<name>/<name>.labels.json`. */
  collection?: string;
  /** The most memory the recording may hold (bytes), checked before any sample is made. Defaults to 4 GiB. */
  maxMemoryBytes?: number;
}

/** What {@link generateRecording} returns. */
export interface GeneratedRecording {
  /** The recording: topics `pose_truth`, `mag_truth`, `acc_truth`, `gyro_truth`, `mag_raw`, `acc_raw`, `gyro_raw`. */
  readonly recording: ImuRecording;
  /** The labels file content (reference format). */
  readonly labels: LabelsFile;
  /** The experiment file content (reference format). */
  readonly experiment: ExperimentFile;
  /** Per-segment sample ranges, times and distortion actually applied. */
  readonly segments: readonly SegmentSummary[];
  /** Adjustments made to plan values (e.g. a strength clamped into its level's band); empty in compat mode. */
  readonly warnings: readonly string[];
  /** The seed used. */
  readonly seed: number;
  /** The Earth field used (physical mode only). */
  readonly earthField: EarthField | undefined;
}

/**
 * Generates an IMU recording, its labels and its experiment from a plan. Pure and deterministic: the same plan and
 * seed give the same numbers, label ids included. Runs in browsers (no Node APIs).
 *
 * @param plan - A plan object (validated here; see {@link validatePlan}).
 * @throws {@link PlanValidationError} for an invalid plan; {@link InvalidOptionError} for a bad seed.
 *
 * @example
 * ```ts
 * import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
 *
 * const plan = createDatasetPlan({ level: 'high', kind: 'dipole', motion: 'yaw', durationSec: 10, seed: 7 });
 * const { recording, labels } = generateRecording(plan, { seed: 7 });
 * recording.topics.get('mag_truth')?.values; // Float64Array, µT, [samples, 3]
 * labels.events[0]?.metadata.mag_distortion; // "2"
 * ```
 */
export function generateRecording(
  plan: Plan,
  { seed, compat, name = 'synthetic', project = 'nst-test', collection, maxMemoryBytes }: GenerateRecordingOptions = {},
): GeneratedRecording {
  const valid = validatePlan(plan);
  checkRecordingSize({
    durationSec: valid.segments.reduce((sum, segment) => sum + segment.duration_s, 0),
    sampleRateHz: valid.initialization.sample_rate,
    option: 'segments[].duration_s (sum) × initialization.sample_rate',
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
  });
  const usedSeed = seed === undefined ? (valid.initialization.seed ?? 0) : checkSeed(seed);
  const naming = collection === undefined ? { name, project } : { name, project, collection };
  const labelRandom = new SeededRandom((usedSeed ^ 0x6c8e9cf5) >>> 0);
  if (compat === 'seed') {
    const { recording, segments } = generateCompat(valid);
    return {
      recording,
      labels: buildLabels(segments, labelRandom, { ...naming, compat: true }),
      experiment: buildExperiment(valid, segments, { ...naming, mode: 'compat-seed', seed: usedSeed }),
      segments,
      warnings: [],
      seed: usedSeed,
      earthField: undefined,
    };
  }
  const { recording, segments, warnings, earthField } = generatePhysical(valid, usedSeed);
  return {
    recording,
    labels: buildLabels(segments, labelRandom, { ...naming, compat: false }),
    experiment: buildExperiment(valid, segments, { ...naming, mode: 'physical', seed: usedSeed }),
    segments,
    warnings,
    seed: usedSeed,
    earthField,
  };
}
