import {
  createLabelEvent,
  DISTORTION_LABEL_KEY,
  type ExperimentFile,
  type LabelEvent,
  type LabelsFile,
  LEVEL_LABELS,
} from '@tsc/mcap-utils';
import type { SeededRandom } from '@tsc/shared';
import type { DistortionLevel, Plan } from '../plan/plan-types.js';
import type { SegmentSummary } from './segment-summary.js';

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

interface LabelSpan {
  readonly startTimeNs: bigint;
  readonly endTimeNs: bigint;
  readonly level: DistortionLevel;
  readonly strength: number;
}

function segmentSpan(segment: SegmentSummary): LabelSpan {
  const { startTimeNs, endTimeNs, level, strength } = segment;
  return { startTimeNs, endTimeNs, level, strength };
}

/** The labelled runs of a ramp or pass (runs between the bands are left out). */
function runSpans(segment: SegmentSummary): LabelSpan[] {
  return (segment.labelRuns ?? []).flatMap(({ startTimeNs, endTimeNs, level, largestDeviation }) =>
    level === undefined ? [] : [{ startTimeNs, endTimeNs, level, strength: level === 'none' ? 0 : largestDeviation }],
  );
}

/**
 * Label events (`@tsc/mcap-utils` `LabelsFile`) at the real sample times: one per segment (physical mode) or one per
 * segment with `mag_distortion` (compat mode, as the reference); segments without samples get none. A physical
 * segment with {@link SegmentSummary.labelRuns} (a ramp or pass) gets one event per labelled run instead, with the
 * run's level and largest deviation; its runs between the bands get no event (unlabelled gaps).
 */
export function buildLabels(
  segments: readonly SegmentSummary[],
  random: SeededRandom,
  { compat, ...naming }: LabelNamingOptions & { compat: boolean },
): LabelsFile {
  const collection = naming.collection ?? labelsFilePath(naming);
  const events: LabelEvent[] = [];
  for (const segment of segments) {
    if (segment.sampleCount === 0) continue;
    if (compat && !segment.hasDistortionInfo) continue;
    const spans = compat || segment.labelRuns === undefined ? [segmentSpan(segment)] : runSpans(segment);
    for (const span of spans) {
      const metadata: Record<string, string> = { [DISTORTION_LABEL_KEY]: LEVEL_LABELS[span.level] };
      if (!compat) {
        metadata.distortion_kind = span.level === 'none' ? 'none' : (segment.kind ?? 'none');
        metadata.distortion_strength = String(Math.round(span.strength * 1e6) / 1e6);
      }
      metadata[''] = '';
      const { startTimeNs, endTimeNs } = span;
      events.push(createLabelEvent({ startTimeNs, endTimeNs, metadata, collection, id: random.uuid4() }));
    }
  }
  return { events };
}

/** The experiment file of one recording (`@tsc/mcap-utils` `ExperimentFile`; metadata extended with mode, seed, kinds). */
export function buildExperiment(
  plan: Plan,
  segments: readonly SegmentSummary[],
  { mode, seed, ...naming }: LabelNamingOptions & { mode: 'physical' | 'compat-seed'; seed: number },
): ExperimentFile {
  const levels = [...new Set(segments.map((segment) => segment.level))].sort();
  const kinds = [...new Set(segments.flatMap((segment) => (segment.kind === undefined ? [] : [segment.kind])))].sort();
  const totalDurationSec = plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
  return {
    dirname: `synthetic_datasets/${naming.name}`,
    labelFiles: [{ filePath: labelsFilePath(naming) }],
    description: `Synthetic dataset: ${naming.name}`,
    segments: plan.segments as unknown as Readonly<Record<string, unknown>>[],
    metadata: {
      generated_by: '@tsc/synthetic',
      sample_rate: plan.initialization.sample_rate,
      total_duration_s: totalDurationSec,
      classification_type: DISTORTION_LABEL_KEY,
      distortion_levels: levels,
      distortion_kinds: kinds,
      mode,
      seed,
    },
  };
}
