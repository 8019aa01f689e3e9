import type { TopicSeries } from '@tsc/mcap-utils';
import { describe, expect, it } from 'vitest';
import { testPlan, testSegment } from '../__fixtures__/test-plans.js';
import { createWorldwideDatasetPlan } from '../dataset/worldwide-dataset-plan.js';
import { InvalidOptionError } from '../invalid-option-error.js';
import type { Plan } from '../plan/plan-types.js';
import { type GenerateRecordingOptions, generateRecording, streamRecording } from './generate-recording.js';
import { MAX_RECORDING_DURATION_SEC, RecordingSizeError } from './recording-size.js';

/** Every block of a stream joined (copied: the blocks' arrays are reused). */
function joinedBlocks(plan: Plan, options: GenerateRecordingOptions): Map<string, { times: bigint[]; bytes: Buffer }> {
  const joined = new Map<string, { times: bigint[]; parts: Buffer[] }>();
  for (const block of streamRecording(plan, options).blocks()) {
    for (const [topic, series] of block.topics) {
      const entry = joined.get(topic) ?? { times: [], parts: [] };
      entry.times.push(...series.timestampsNs);
      entry.parts.push(Buffer.from(bytesOf(series.values)));
      joined.set(topic, entry);
    }
  }
  return new Map([...joined].map(([topic, { times, parts }]) => [topic, { times, bytes: Buffer.concat(parts) }]));
}

function bytesOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function wholeTopics(topics: ReadonlyMap<string, TopicSeries>) {
  return new Map([...topics].map(([topic, s]) => [topic, { times: [...s.timestampsNs], bytes: bytesOf(s.values) }]));
}

// Worldwide plans with timestamp jitter, bias instability, warm-up drift and oscillations: seed 9 (368 Hz) has soft
// iron and a passed dipole, seed 18 (317 Hz) soft iron departing and a body magnet approaching (envelopes).
const plans = [9, 18].map((seed) => ({ seed, plan: createWorldwideDatasetPlan({ seed, durationSec: 30 }) }));

describe('streamRecording', () => {
  it('gives the same samples, bit for bit, whatever the block length (1, 7, 4096, the default)', () => {
    for (const { seed, plan } of plans) {
      expect(plan.initialization.timestamp_jitter_s).toBeGreaterThan(0);
      const reference = joinedBlocks(plan, { seed });
      for (const blockLengthSamples of [1, 7, 4096]) {
        const joined = joinedBlocks(plan, { seed, blockLengthSamples });
        for (const [topic, { times, bytes }] of reference) {
          expect(joined.get(topic)!.times).toEqual(times);
          expect(joined.get(topic)!.bytes.equals(bytes)).toBe(true);
        }
      }
    }
  });

  it("joins to generateRecording's recording, with the same labels, experiment and segments", () => {
    for (const { seed, plan } of plans) {
      const whole = generateRecording(plan, { seed, name: 'x' });
      const joined = joinedBlocks(plan, { seed, name: 'x', blockLengthSamples: 1000 });
      for (const [topic, { times, bytes }] of wholeTopics(whole.recording.topics)) {
        expect(joined.get(topic)!.times).toEqual(times);
        expect(joined.get(topic)!.bytes.equals(bytes)).toBe(true);
      }
      const stream = streamRecording(plan, { seed, name: 'x', blockLengthSamples: 1000 });
      for (const _block of stream.blocks()); // the summary is complete once every block is made
      expect(stream.metadata).toEqual(whole.recording.metadata);
      expect(stream.topics).toEqual([...whole.recording.topics.keys()]);
      const { recording: _recording, ...summary } = whole;
      expect(stream.summary()).toEqual(summary);
      expect(summary.segments.some((segment) => segment.labelRuns !== undefined)).toBe(true);
      expect(stream.sampleCount).toBe(whole.recording.topics.get('mag_raw')!.timestampsNs.length);
    }
  });

  it('streams a recording the in-memory check refuses, and refuses one past 2⁵³ ns or a bad block length', () => {
    const long = testPlan([testSegment(1e6, { yaw: 90 })]); // 11.6 days at 100 Hz: 2.8 GB held whole
    expect(() => generateRecording(long, { maxMemoryBytes: 1024 ** 3 })).toThrow(RecordingSizeError);
    const stream = streamRecording(long, { maxMemoryBytes: 1024 ** 3 });
    expect(stream.sampleCount).toBe(100_000_000);
    const first = stream.blocks()[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(first.value!.topics.get('mag_raw')!.timestampsNs.length).toBe(8192);

    const tooLong = testPlan([testSegment(MAX_RECORDING_DURATION_SEC * 1.01)]);
    expect(() => streamRecording(tooLong)).toThrow(InvalidOptionError);
    expect(() => streamRecording(tooLong)).toThrow(
      /segments\[\]\.duration_s \(sum\): expected a recording of at most 9\.007e\+6 s/,
    );
    expect(() => streamRecording(long, { blockLengthSamples: 0 })).toThrow(
      /blockLengthSamples: expected an integer ≥ 1, found 0/,
    );
    expect(() => streamRecording(long, { blockLengthSamples: 2 ** 40 })).toThrow(
      /segments\[\]\.duration_s \(sum\): a block of 100000001 samples \(blockLengthSamples\) and the state of 1 segments would need/,
    );
  });
});
