import { LEVEL_LABELS } from './distortion-strength.js';
import type { Plan, PlanSegment } from './plan-types.js';
import type { SeededRandom } from './random.js';
import type { SegmentSummary } from './segment-summary.js';

/** A time in a labels file: whole seconds and nanoseconds. */
export interface LabelTime {
  /** Whole seconds. */
  readonly sec: number;
  /** Nanoseconds, 0 … 999,999,999. */
  readonly nsec: number;
}

/** One label event in the reference's labels format. */
export interface SyntheticLabelEvent {
  /** A UUID (version 4, from the seeded generator). */
  readonly id: string;
  /** Start of the event (inclusive): the time of the segment's first sample. */
  readonly startTime: LabelTime;
  /** End of the event (exclusive): the time of the next segment's first sample. */
  readonly endTime: LabelTime;
  /**
   * `mag_distortion` ("0" none, "1" low, "2" high) first, then `distortion_kind` and `distortion_strength`
   * (physical mode), then the reference's empty `"": ""` entry.
   */
  readonly metadata: Readonly<Record<string, string>>;
  /** The labels file's collection path, e.g. `projects/nst-test/data/synthetic_datasets/x/x.labels.json`. */
  readonly collection: string;
}

/** A labels file (`<name>.labels.json`): `{ events }`. */
export interface SyntheticLabels {
  /** Events in time order. */
  readonly events: readonly SyntheticLabelEvent[];
}

/** A reference to a labels file inside an experiment. */
export interface LabelFileReference {
  /** Remote path of the labels file, e.g. `projects/nst-test/data/synthetic_datasets/x/x.labels.json`. */
  readonly filePath: string;
}

/** An experiment file (`<name>.experiment.json`) in the reference's format, with our metadata. */
export interface SyntheticExperiment {
  /** `synthetic_datasets/<name>`. */
  readonly dirname: string;
  /** The labels file(s) of the recording. */
  readonly labelFiles: readonly LabelFileReference[];
  /** `Synthetic dataset: <name>`. */
  readonly description: string;
  /** The plan's segments, as given. */
  readonly segments: readonly PlanSegment[];
  /** Generation metadata: rate, duration, levels, mode, seed, kinds. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** How labels and experiments name a recording. */
export interface LabelNamingOptions {
  /** Recording name (file stem). */
  name: string;
  /** Nstrumenta project in paths. */
  project: string;
  /** Collection path for the events. Defaults to the experiment's labels path. */
  collection?: string;
}

/** The remote path of a recording's labels file, as the reference's experiment files name it. */
export function labelsFilePath({ name, project }: LabelNamingOptions): string {
  return `projects/${project}/data/synthetic_datasets/${name}/${name}.labels.json`;
}

function toLabelTime(timeNs: bigint): LabelTime {
  return { sec: Number(timeNs / 1_000_000_000n), nsec: Number(timeNs % 1_000_000_000n) };
}

/**
 * Label events at the real sample times: one per segment (physical mode) or one per segment with `mag_distortion`
 * (compat mode, as the reference); segments without samples get none.
 */
export function buildLabels(
  segments: readonly SegmentSummary[],
  random: SeededRandom,
  { compat, ...naming }: LabelNamingOptions & { compat: boolean },
): SyntheticLabels {
  const collection = naming.collection ?? labelsFilePath(naming);
  const events: SyntheticLabelEvent[] = [];
  for (const segment of segments) {
    if (segment.sampleCount === 0) continue;
    if (compat && !segment.hasDistortionInfo) continue;
    const metadata: Record<string, string> = { mag_distortion: LEVEL_LABELS[segment.level] };
    if (!compat) {
      metadata.distortion_kind = segment.kind ?? 'none';
      metadata.distortion_strength = String(Math.round(segment.strength * 1e6) / 1e6);
    }
    metadata[''] = '';
    events.push({
      id: random.uuid4(),
      startTime: toLabelTime(segment.startTimeNs),
      endTime: toLabelTime(segment.endTimeNs),
      metadata,
      collection,
    });
  }
  return { events };
}

/** The experiment file of one recording (reference format; metadata extended with mode, seed and kinds). */
export function buildExperiment(
  plan: Plan,
  segments: readonly SegmentSummary[],
  { mode, seed, ...naming }: LabelNamingOptions & { mode: 'physical' | 'compat-seed'; seed: number },
): SyntheticExperiment {
  const levels = [...new Set(segments.map((segment) => segment.level))].sort();
  const kinds = [...new Set(segments.flatMap((segment) => (segment.kind === undefined ? [] : [segment.kind])))].sort();
  const totalDurationSec = plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
  return {
    dirname: `synthetic_datasets/${naming.name}`,
    labelFiles: [{ filePath: labelsFilePath(naming) }],
    description: `Synthetic dataset: ${naming.name}`,
    segments: plan.segments,
    metadata: {
      generated_by: '@tsc/synthetic',
      sample_rate: plan.initialization.sample_rate,
      total_duration_s: totalDurationSec,
      classification_type: 'mag_distortion',
      distortion_levels: levels,
      distortion_kinds: kinds,
      mode,
      seed,
    },
  };
}
