import type { ImuRecording } from '@tsc/mcap-utils';
import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstClassifier } from './ast-classifier.js';
import { astConfig } from './ast-config.js';
import { initializeBackend } from './backend.js';
import { classifyRecording } from './classify-recording.js';
import { createAstModel } from './create-ast-model.js';
import { AstInputError } from './errors.js';
import { SeededRandom } from './random.js';
import { recordingChunks } from './recording-chunks.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from './sensor-features.js';
import { StreamingClassifier, type StreamingPrediction } from './streaming-classifier.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

const settings = { ...DEFAULT_SENSOR_FEATURE_SETTINGS };
const [frames, bins] = sensorSpectrogramShape(settings.spectrogram, 200).shape;
const config = astConfig({ hiddenSize: 16, intermediateSize: 32, maxLength: frames, numMelBins: bins });
const classifier = new AstClassifier({
  model: createAstModel(config, { seed: 3 }),
  config,
  labelNames: ['none', 'low', 'high'],
  featureSettings: settings,
});
afterAll(() => classifier.dispose());

/** Replays a recording's topics into a stream in seeded random chunk sizes, interleaving topics by time. */
function replay(stream: StreamingClassifier, recording: ImuRecording, seed: number): StreamingPrediction[] {
  const random = new SeededRandom(seed);
  const cursors = new Map(stream.topics.map((topic) => [topic, 0]));
  const out: StreamingPrediction[] = [];
  for (;;) {
    const open = stream.topics.filter(
      (topic) => cursors.get(topic)! < recording.topics.get(topic)!.timestampsNs.length,
    );
    if (open.length === 0) break;
    const topic = open[Math.floor(random.next() * open.length)]!;
    const series = recording.topics.get(topic)!;
    const from = cursors.get(topic)!;
    const to = Math.min(series.timestampsNs.length, from + 1 + Math.floor(random.next() * 40));
    out.push(...stream.push(topic, series.timestampsNs.subarray(from, to), series.values.subarray(from * 3, to * 3)));
    cursors.set(topic, to);
  }
  out.push(...stream.end());
  return out;
}

function withShiftedTopic(recording: ImuRecording, topic: string, shiftNs: bigint, keepEvery: number): ImuRecording {
  const series = recording.topics.get(topic)!;
  const count = Math.ceil(series.timestampsNs.length / keepEvery);
  const timestampsNs = new BigInt64Array(count);
  const values = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    timestampsNs[i] = series.timestampsNs[i * keepEvery]! + shiftNs;
    values.set(series.values.subarray(i * keepEvery * 3, i * keepEvery * 3 + 3), i * 3);
  }
  const topics = new Map(recording.topics);
  topics.set(topic, { topic, timestampsNs, values, width: 3 });
  return { topics, metadata: recording.metadata };
}

describe('StreamingClassifier', () => {
  const plan = createDatasetPlan({ level: 'high', kind: 'world_hard_iron', motion: 'yaw', seed: 5, durationSec: 15 });
  const { recording } = generateRecording(plan, { seed: 5 });

  it('gives the windows, classes and probabilities of classifyRecording, whatever the chunking', () => {
    const { messages: batch, reference } = classifyRecording(recording, classifier);
    expect(batch.length).toBe(14); // 15 s: 2 s windows every 1 s
    for (const seed of [1, 2]) {
      const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration, reference });
      const live = replay(stream, recording, seed);
      expect(live.map((p) => [p.windowStartNs, p.windowEndNs, p.classId])).toEqual(
        batch.map((m) => [m.windowStartNs, m.windowEndNs, m.predictedClassId]),
      );
      live.forEach((p, i) => {
        expect(p.probabilities).toEqual(batch[i]!.probabilities);
      });
      // One window plus one hop of each topic at most (100 samples per hop).
      expect(stream.bufferedSamples).toBeLessThanOrEqual(stream.topics.length * (200 + 100));
    }
  });

  it('aligns topics with their own timestamps and rates, close to classifyRecording', () => {
    // The accelerometer at half the rate, 3 ms late: both resample it onto the magnetometer's grid, the stream one
    // window at a time.
    const shifted = withShiftedTopic(recording, 'acc_raw', 3_000_000n, 2);
    const { messages: batch, reference } = classifyRecording(shifted, classifier);
    const stream = new StreamingClassifier(classifier, { calibration: shifted.metadata.calibration, reference });
    const live = replay(stream, shifted, 7);
    expect(live.length).toBe(batch.length);
    live.forEach((p, i) => {
      const offsetNs = p.windowStartNs - batch[i]!.windowStartNs;
      expect(offsetNs >= -10_000_000n && offsetNs <= 10_000_000n).toBe(true);
      for (const [k, value] of p.probabilities.entries()) {
        expect(Math.abs(value - batch[i]!.probabilities[k]!)).toBeLessThan(0.05);
      }
    });
  });

  it('measures the reference field on the first window when none is given', () => {
    const { reference } = classifyRecording(recording, classifier);
    const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration });
    expect(replay(stream, recording, 5)).toHaveLength(14);
    expect(stream.reference!.fieldMicroTesla).toBeGreaterThan(0.5 * reference!.fieldMicroTesla);
    expect(stream.reference!.fieldMicroTesla).toBeLessThan(2 * reference!.fieldMicroTesla);
  });

  it('resamples a stream to the rate the model stores', () => {
    // The 100 Hz recording with its clock running twice as fast: a 200 Hz stream, 400 samples per 2 s window.
    const t0 = recording.topics.get('mag_raw')!.timestampsNs[0]!;
    const fast: ImuRecording = {
      topics: new Map(
        [...recording.topics].map(([topic, series]) => [
          topic,
          { ...series, timestampsNs: series.timestampsNs.map((t) => t0 + (t - t0) / 2n) },
        ]),
      ),
      metadata: recording.metadata,
    };
    const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration });
    const live = replay(stream, fast, 4);
    expect(stream.sampleRateHz).toBe(200);
    expect(live).toHaveLength(6); // 7.5 s of stream: 2 s windows every 1 s
    expect(live.length).toBeGreaterThan(0);
    for (const p of live) {
      expect(p.sampleRateHz).toBe(100);
      expect(p.windowEndNs - p.windowStartNs).toBe(2_000_000_000n);
    }
  });

  it('gives the same predictions when a recording is replayed in time chunks (recordingChunks)', () => {
    const { messages: batch, reference } = classifyRecording(recording, classifier);
    const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration, reference });
    const live: StreamingPrediction[] = [];
    let chunks = 0;
    for (const chunk of recordingChunks(recording, stream.topics, 0.25)) {
      chunks++;
      for (const { topic, timestampsNs, values } of chunk.topics)
        live.push(...stream.push(topic, timestampsNs, values));
      // A window is out by the end of the chunk holding its last sample.
      for (const p of live) expect(p.windowEndNs <= chunk.endNs + 10_000_000n).toBe(true);
    }
    live.push(...stream.end());
    expect(chunks).toBe(60); // 15 s in 0.25 s chunks
    expect(live.map((p) => [p.windowStartNs, p.classId, p.probabilities])).toEqual(
      batch.map((m) => [m.windowStartNs, m.predictedClassId, m.probabilities]),
    );
  });

  it('rejects samples whose times go back and samples after end()', () => {
    const stream = new StreamingClassifier(classifier);
    stream.push('mag_raw', [10n, 20n], [1, 2, 3, 4, 5, 6]);
    expect(() => stream.push('mag_raw', [15n], [1, 2, 3])).toThrow(AstInputError);
    expect(() => stream.push('mag_raw', [30n], [1, 2])).toThrow(AstInputError);
    stream.end();
    expect(() => stream.push('mag_raw', [40n], [1, 2, 3])).toThrow(AstInputError);
  });
});
