import type { ImuRecording } from '@tsc/mcap-utils';
import { AstInputError } from '../errors.js';

/** The samples of one topic that fall in one chunk of a replayed recording. */
export interface TopicChunk {
  /** The topic, e.g. `mag_raw`. */
  topic: string;
  /** Sample times (ns). */
  timestampsNs: BigInt64Array;
  /** Row-major `[samples, width]` values. */
  values: Float64Array;
}

/** One chunk of a replayed recording: every topic's samples in `[startNs, endNs)`. */
export interface RecordingChunk {
  /** Chunk start (ns, recording time). */
  startNs: bigint;
  /** Chunk end (ns, exclusive): when a live source would have delivered the chunk. */
  endNs: bigint;
  /** The samples per topic (topics with none are left out). */
  topics: TopicChunk[];
}

/**
 * Cuts a recording into consecutive time chunks of `chunkSec`, as a live source would deliver it, for replaying a
 * recording into a {@link StreamingClassifier} (wait until `endNs` in stream time before pushing a chunk to replay
 * at real speed). Chunks start at the earliest sample of the topics.
 *
 * @param recording - The recording.
 * @param topics - The topics to replay, e.g. `stream.topics`.
 * @param chunkSec - Chunk length (s). Defaults to 0.05.
 */
export function* recordingChunks(
  recording: ImuRecording,
  topics: readonly string[],
  chunkSec = 0.05,
): Generator<RecordingChunk> {
  if (!(chunkSec > 0)) throw new AstInputError('chunkSec', 'a positive number of seconds', chunkSec);
  const series = topics.map((topic) => {
    const s = recording.topics.get(topic);
    if (s === undefined)
      throw new AstInputError('topics', `topics of the recording (${[...recording.topics.keys()]})`, topic);
    return s;
  });
  const nonEmpty = series.filter((s) => s.timestampsNs.length > 0);
  if (nonEmpty.length === 0) return;
  const firstNs = nonEmpty.reduce(
    // biome-ignore lint/complexity/useMathMinMax: the times are bigints, which Math.min does not take
    (min, s) => (s.timestampsNs[0]! < min ? s.timestampsNs[0]! : min),
    nonEmpty[0]!.timestampsNs[0]!,
  );
  const chunkNs = BigInt(Math.max(1, Math.round(chunkSec * 1e9)));
  const cursors = series.map(() => 0);
  for (let startNs = firstNs; ; startNs += chunkNs) {
    const endNs = startNs + chunkNs;
    const chunk: RecordingChunk = { startNs, endNs, topics: [] };
    let remaining = false;
    series.forEach((s, t) => {
      const from = cursors[t]!;
      let to = from;
      while (to < s.timestampsNs.length && s.timestampsNs[to]! < endNs) to++;
      cursors[t] = to;
      if (to < s.timestampsNs.length) remaining = true;
      if (to > from)
        chunk.topics.push({
          topic: s.topic,
          timestampsNs: s.timestampsNs.subarray(from, to),
          values: s.values.subarray(from * s.width, to * s.width),
        });
    });
    yield chunk;
    if (!remaining) return;
  }
}
