import type { ExperimentFile, ImuRecording, LabelsFile, RecordingMetadata, TopicSeries } from '@tsc/mcap-utils';
import { SeededRandom } from '@tsc/shared';
import { checkSeed } from '../invalid-option-error.js';
import { buildExperiment, buildLabels } from '../labels/labels.js';
import type { SegmentSummary } from '../labels/segment-summary.js';
import type { EarthField } from '../physics/earth-field.js';
import type { Plan } from '../plan/plan-types.js';
import { validatePlan } from '../plan/validate-plan.js';
import { RECORDING_TOPICS, recordingTopics } from './assemble-recording.js';
import { generateCompat } from './compat-generator.js';
import { generatePhysical, streamPhysical } from './physical-generator.js';
import { checkRecordingSize, checkStreamedRecordingSize } from './recording-size.js';

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
  /**
   * Samples generated at a time in physical mode (an integer ≥ 1): a trade of memory against per-block overhead
   * that never changes the output. Defaults to `DEFAULT_BLOCK_LENGTH_SAMPLES` (8192).
   */
  blockLengthSamples?: number;
}

/** What generating a recording gives besides its samples: labels, experiment and what happened per segment. */
export interface GeneratedSummary {
  /** Samples per topic. */
  readonly sampleCount: number;
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

/** What {@link generateRecording} returns. */
export interface GeneratedRecording extends GeneratedSummary {
  /** The recording: topics `pose_truth`, `mag_truth`, `acc_truth`, `gyro_truth`, `mag_raw`, `acc_raw`, `gyro_raw`. */
  readonly recording: ImuRecording;
}

/** One block of a streamed recording (see {@link streamRecording}). */
export interface RecordingBlock {
  /** Index of the block's first sample in the recording. */
  readonly firstSample: number;
  /** The block's samples of every topic, in the recording's topic order (arrays reused by the next block). */
  readonly topics: ReadonlyMap<string, TopicSeries>;
}

/** A recording generated block by block: what is known up front, the blocks, and the rest at the end. */
export interface RecordingStream {
  /** Samples per topic in the whole recording. */
  readonly sampleCount: number;
  /** The topics, in order. */
  readonly topics: readonly string[];
  /** The recording's metadata (units, calibrations, sample rate, generator details). */
  readonly metadata: RecordingMetadata;
  /**
   * The blocks, in time order; iterate once, to the end. Each block's arrays are reused for the next one: copy
   * what you keep. Physical mode holds one block at a time; compat mode (short reference plans) gives one block.
   */
  blocks(): Iterable<RecordingBlock>;
  /** Labels, experiment and segment summaries: call after the last block. */
  summary(): GeneratedSummary;
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
export function generateRecording(plan: Plan, options: GenerateRecordingOptions = {}): GeneratedRecording {
  const valid = validatePlan(plan);
  const { maxMemoryBytes } = options;
  checkRecordingSize({
    durationSec: totalDurationSec(valid),
    sampleRateHz: valid.initialization.sample_rate,
    option: 'segments[].duration_s (sum) × initialization.sample_rate',
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
  });
  const usedSeed = seedOf(valid, options);
  if (options.compat === 'seed') {
    const { recording, segments } = generateCompat(valid);
    return {
      recording,
      ...summarize(valid, options, { segments, warnings: [], seed: usedSeed, earthField: undefined }),
    };
  }
  const blockOption =
    options.blockLengthSamples === undefined ? {} : { blockLengthSamples: options.blockLengthSamples };
  const { recording, segments, warnings, earthField } = generatePhysical(valid, usedSeed, blockOption);
  return { recording, ...summarize(valid, options, { segments, warnings, seed: usedSeed, earthField }) };
}

function totalDurationSec(plan: Plan): number {
  return plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
}

function seedOf(plan: Plan, { seed }: GenerateRecordingOptions): number {
  return seed === undefined ? (plan.initialization.seed ?? 0) : checkSeed(seed);
}

/** Labels and experiment of generated segments, and the rest of the summary. */
function summarize(
  plan: Plan,
  { compat, name = 'synthetic', project = 'nst-test', collection }: GenerateRecordingOptions,
  generated: Pick<GeneratedSummary, 'segments' | 'warnings' | 'seed' | 'earthField'>,
): GeneratedSummary {
  const naming = collection === undefined ? { name, project } : { name, project, collection };
  const labelRandom = new SeededRandom((generated.seed ^ 0x6c8e9cf5) >>> 0);
  const mode = compat === 'seed' ? 'compat-seed' : 'physical';
  const last = generated.segments.at(-1);
  return {
    sampleCount: last === undefined ? 0 : last.firstSample + last.sampleCount,
    labels: buildLabels(generated.segments, labelRandom, { ...naming, compat: compat === 'seed' }),
    experiment: buildExperiment(plan, generated.segments, { ...naming, mode, seed: generated.seed }),
    ...generated,
  };
}

/**
 * Generates a recording block by block, for output too long to hold (`generateToFiles` writes it block by block):
 * the same samples, labels and experiment as {@link generateRecording}, with memory bounded by one block and the
 * segments' state in physical mode. Compat mode (the reference generator, for short reference plans) is
 * generated whole and given as one block. Runs in browsers (no Node APIs).
 *
 * @param plan - A plan object (validated here; see {@link validatePlan}).
 * @throws {@link PlanValidationError} for an invalid plan; {@link InvalidOptionError} for a bad seed or block
 *   length, or a recording longer than `MAX_RECORDING_DURATION_SEC`; `MemoryLimitError` when a block and the
 *   segments' state (physical mode), or the whole recording (compat mode), would not fit in `maxMemoryBytes`.
 *
 * @example
 * ```ts
 * import { createDatasetPlan, streamRecording } from '@tsc/synthetic';
 *
 * const plan = createDatasetPlan({ level: 'high', kind: 'dipole', motion: 'yaw', durationSec: 600, seed: 7 });
 * const stream = streamRecording(plan, { seed: 7 });
 * for (const block of stream.blocks()) block.topics.get('mag_raw')?.values; // 8192 samples at a time
 * stream.summary().labels.events.length; // the labels, once every block is made
 * ```
 */
export function streamRecording(plan: Plan, options: GenerateRecordingOptions = {}): RecordingStream {
  const valid = validatePlan(plan);
  if (options.compat === 'seed') return compatStream(valid, options);
  const { maxMemoryBytes, blockLengthSamples } = options;
  checkStreamedRecordingSize({
    durationSec: totalDurationSec(valid),
    sampleRateHz: valid.initialization.sample_rate,
    segmentCount: valid.segments.length,
    option: 'segments[].duration_s (sum)',
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
    ...(blockLengthSamples === undefined ? {} : { blockLengthSamples }),
  });
  const seed = seedOf(valid, options);
  const physical = streamPhysical(valid, seed, blockLengthSamples === undefined ? {} : { blockLengthSamples });
  return {
    sampleCount: physical.sampleCount,
    topics: RECORDING_TOPICS.map(([topic]) => topic),
    metadata: physical.metadata,
    *blocks() {
      for (const block of physical.blocks()) yield { firstSample: block.firstSample, topics: recordingTopics(block) };
    },
    summary: () => {
      const { warnings, earthField } = physical;
      return summarize(valid, options, { segments: physical.segments(), warnings, seed, earthField });
    },
  };
}

/** Compat mode as a stream of one block (checked, like {@link generateRecording}, against the whole recording). */
function compatStream(plan: Plan, options: GenerateRecordingOptions): RecordingStream {
  const { recording, ...summary } = generateRecording(plan, options);
  return {
    sampleCount: summary.sampleCount,
    topics: [...recording.topics.keys()],
    metadata: recording.metadata,
    blocks: () => [{ firstSample: 0, topics: recording.topics }],
    summary: () => summary,
  };
}
