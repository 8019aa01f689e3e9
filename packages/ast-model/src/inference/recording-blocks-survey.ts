import type { RecordingBlock, RecordingMetadata } from '@tsc/mcap-utils';
import { MAX_REFERENCE_SAMPLES, type SensorReference } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { ReferenceSubsample } from '../features/reference-subsample.js';
import { needsResampling, type ResampleReport } from '../features/resample-recording.js';

/** What the first pass over a recording's blocks measures, for the second to classify it as a whole recording. */
export interface RecordingBlocksSurvey {
  /** The recording's reference field (when the settings use one). */
  readonly reference: SensorReference | undefined;
  /** The time-base topic's nominal rate (Hz): the inverse of its median step. */
  readonly sampleRateHz: number;
  /** What `prepareRecording` does to the recording's rate, as far as the subsample tells. */
  readonly resampling: ResampleReport | undefined;
  /** Windows the recording's span holds (an estimate: windows with gaps are skipped later). */
  readonly windowsEstimate: number;
}

/** Every `stride`-th time of a topic, with the step before it; the first and last times and the count. */
class TimeSubsample {
  readonly indexes: number[] = [];
  readonly times: bigint[] = [];
  readonly steps: number[] = [];
  count = 0;
  firstNs: bigint | undefined;
  lastNs: bigint | undefined;

  constructor(readonly stride: number) {}

  add(timestampsNs: BigInt64Array): void {
    for (let i = 0; i < timestampsNs.length; i++, this.count++) {
      const time = timestampsNs[i]!;
      if (this.count % this.stride === 0) {
        this.indexes.push(this.count);
        this.times.push(time);
        if (this.count > 0) this.steps.push(Number(time - this.lastNs!));
      }
      this.firstNs ??= time;
      this.lastNs = time;
    }
  }

  /** The median step (ns) of the steps taken, as `medianStepNs` of `@tsc/shared` takes it. */
  medianStepNs(): number {
    const sorted = Float64Array.from(this.steps).sort();
    return sorted[sorted.length >> 1] ?? 0;
  }

  /** The largest deviation (ns) of the times taken from the uniform grid at `stepNs` from the first. */
  gridDeviationNs(stepNs: number): number {
    let largest = 0;
    const t0 = this.times[0] ?? 0n;
    this.times.forEach((time, k) => {
      largest = Math.max(largest, Math.abs(Number(time - t0) - this.indexes[k]! * stepNs));
    });
    return largest;
  }
}

/**
 * The first pass of {@link classifyRecordingBlocks}: reads the blocks of the topics `prepareRecording` would use and
 * measures what it measures on the whole recording (the reference field, the time base's rate, whether it is
 * resampled), holding a strided subsample of at most about 20 000 samples per topic.
 * @internal
 */
export async function surveyRecordingBlocks(
  blocks: AsyncIterable<RecordingBlock>,
  topics: readonly string[],
  { sampleCounts, metadata }: { sampleCounts: ReadonlyMap<string, number>; metadata: RecordingMetadata },
  settings: SensorFeatureSettings,
): Promise<RecordingBlocksSurvey> {
  const baseTopic = topics[0]!;
  const subsamples = new Map(
    topics.map((topic) => {
      const count = sampleCounts.get(topic) ?? 0;
      return [topic, new TimeSubsample(Math.max(1, Math.floor(count / MAX_REFERENCE_SAMPLES)))];
    }),
  );
  const reference =
    settings.reference === 'recording'
      ? new ReferenceSubsample(sampleCounts.get('mag_raw') ?? 0, metadata, topics.includes('acc_raw'))
      : undefined;
  for await (const block of blocks) {
    for (const [topic, series] of block.topics) {
      subsamples.get(topic)?.add(series.timestampsNs);
      reference?.add(series);
    }
  }
  const base = subsamples.get(baseTopic)!;
  const stepNs = base.medianStepNs();
  if (!(stepNs > 0)) throw new AstInputError(`${baseTopic} timestamps`, 'increasing times (median step > 0)', stepNs);
  const fromHz = 1e9 / stepNs;
  const toHz = settings.spectrogram.sampleRateHz;
  const resampling =
    typeof toHz === 'number' ? resamplingReport([...subsamples.values()], base, fromHz, toHz) : undefined;
  return {
    reference: reference?.reference(),
    sampleRateHz: fromHz,
    resampling,
    windowsEstimate: windowsEstimate([...subsamples.values()], typeof toHz === 'number' ? toHz : fromHz, settings),
  };
}

/** `resampleRecording`'s report, from the subsamples: jitter over the times taken, shared times by count and span. */
function resamplingReport(
  subsamples: readonly TimeSubsample[],
  base: TimeSubsample,
  fromHz: number,
  toHz: number,
): ResampleReport {
  const stepNs = 1e9 / fromHz;
  const jitterSec = Math.max(...subsamples.map((s) => s.gridDeviationNs(stepNs))) / 1e9;
  const sharedTimes = subsamples.every(
    (s) => s.count === base.count && s.firstNs === base.firstNs && s.lastNs === base.lastNs,
  );
  return { fromHz, toHz, jitterSec, resampled: needsResampling({ jitterSec, stepNs, sharedTimes }, fromHz, toHz) };
}

/** The windows of the span every topic covers, at `rateHz`. */
function windowsEstimate(
  subsamples: readonly TimeSubsample[],
  rateHz: number,
  settings: SensorFeatureSettings,
): number {
  let startNs: bigint | undefined;
  let endNs: bigint | undefined;
  for (const { firstNs, lastNs } of subsamples) {
    if (firstNs === undefined || lastNs === undefined) return 0;
    if (startNs === undefined || firstNs > startNs) startNs = firstNs;
    if (endNs === undefined || lastNs < endNs) endNs = lastNs;
  }
  if (startNs === undefined || endNs === undefined || endNs < startNs) return 0;
  const samples = Math.floor((Number(endNs - startNs) * rateHz) / 1e9) + 1;
  const windowSamples = Math.round(settings.windowSec * rateHz);
  if (samples < windowSamples) return 0;
  return Math.floor((samples - windowSamples) / (settings.hopSec * rateHz)) + 1;
}
