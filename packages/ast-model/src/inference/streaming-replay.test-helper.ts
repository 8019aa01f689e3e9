import type { ClassificationMessage, ImuRecording } from '@tsc/mcap-utils';
import { recordingChunks } from './recording-chunks.js';
import type { StreamingClassifier, StreamingPrediction } from './streaming-classifier.js';

/** Replays a recording into a stream in time chunks of `chunkSec`, as a live source delivers it; then ends it. */
export function replayInChunks(stream: StreamingClassifier, recording: ImuRecording, chunkSec = 0.25) {
  const out: StreamingPrediction[] = [];
  for (const chunk of recordingChunks(recording, stream.topics, chunkSec))
    for (const { topic, timestampsNs, values } of chunk.topics) out.push(...stream.push(topic, timestampsNs, values));
  out.push(...stream.end());
  return out;
}

/**
 * For each streamed window, the index of the batch window starting nearest to it (within half a hop), else -1: a
 * stream resampled one window at a time starts its windows within a sample period of the batch grid.
 */
export function matchBatchWindows(
  streamed: readonly StreamingPrediction[],
  batch: readonly ClassificationMessage[],
  hopSec: number,
): number[] {
  const toleranceNs = BigInt(Math.round(hopSec * 0.5e9));
  let j = 0;
  return streamed.map((p) => {
    while (j + 1 < batch.length && batch[j + 1]!.windowStartNs <= p.windowStartNs) j++;
    const candidates = [j, j + 1].filter((k) => k < batch.length);
    const distance = (k: number) => {
      const d = batch[k]!.windowStartNs - p.windowStartNs;
      return d < 0n ? -d : d;
    };
    const best = candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    return distance(best) <= toleranceNs ? best : -1;
  });
}

/**
 * Of the streamed windows from `warmUpWindows` on that match a batch window: the share with the batch's class, and
 * the Pearson correlation of their disturbance scores (1 − the first class's probability) with the batch's.
 */
export function classAgreement(
  streamed: readonly StreamingPrediction[],
  batch: readonly ClassificationMessage[],
  hopSec: number,
  warmUpWindows: number,
): { agreeing: number; compared: number; share: number; scoreCorrelation: number } {
  const matches = matchBatchWindows(streamed, batch, hopSec);
  let agreeing = 0;
  const scores: [number, number][] = [];
  matches.forEach((k, i) => {
    if (i < warmUpWindows || k < 0) return;
    if (streamed[i]!.classId === batch[k]!.predictedClassId) agreeing++;
    scores.push([1 - streamed[i]!.probabilities[0]!, 1 - batch[k]!.probabilities[0]!]);
  });
  const compared = scores.length;
  return {
    agreeing,
    compared,
    share: compared === 0 ? Number.NaN : agreeing / compared,
    scoreCorrelation: correlation(scores),
  };
}

function correlation(pairs: readonly [number, number][]): number {
  const mean = (k: 0 | 1) => pairs.reduce((sum, p) => sum + p[k], 0) / pairs.length;
  const [ma, mb] = [mean(0), mean(1)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (const [a, b] of pairs) {
    ab += (a - ma) * (b - mb);
    aa += (a - ma) ** 2;
    bb += (b - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
