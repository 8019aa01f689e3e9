import { fixturePath } from '@tsc/fixtures';
import { convertPhoneLogText, type ImuRecording } from '@tsc/mcap-utils';
import { readPhoneLogText } from '@tsc/mcap-utils/node';
import { SeededRandom } from '@tsc/shared';
import type { SensorReference } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { AstInputError } from '../errors.js';
import {
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  prepareRecording,
  recordingWindows,
  windowsDataset,
} from '../features/sensor-features.js';
import { concatDatasets } from '../training/dataset.js';
import { trainAst } from '../training/train-ast.js';
import { AstClassifier } from './ast-classifier.js';
import { classifyRecording } from './classify-recording.js';
import { recordingChunks } from './recording-chunks.js';
import { StreamingClassifier, type StreamingPrediction } from './streaming-classifier.js';
import { classAgreement, replayInChunks } from './streaming-replay.test-helper.js';
import { untrainedClassifier } from './untrained-classifier.test-helper.js';

/** Windows at the start of a stream left out when comparing with batch: the running reference has seen only them. */
const WARM_UP_WINDOWS = 10;

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

const settings = { ...DEFAULT_SENSOR_FEATURE_SETTINGS };
const classifier = untrainedClassifier(settings, ['none', 'low', 'high']);
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
    const topic = open[Math.floor(random.nextFloat() * open.length)]!;
    const series = recording.topics.get(topic)!;
    const from = cursors.get(topic)!;
    const to = Math.min(series.timestampsNs.length, from + 1 + Math.floor(random.nextFloat() * 40));
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

  it('aligns topics with their own timestamps and rates as classifyRecording does', () => {
    // The accelerometer at half the rate, 3 ms late: both interpolate every topic onto one grid from the latest first
    // sample, the stream one window (with its past) at a time.
    const shifted = withShiftedTopic(recording, 'acc_raw', 3_000_000n, 2);
    const { messages: batch, reference } = classifyRecording(shifted, classifier);
    const stream = new StreamingClassifier(classifier, { calibration: shifted.metadata.calibration, reference });
    const live = replay(stream, shifted, 7);
    expect(live.map((p) => [p.windowStartNs, p.classId])).toEqual(
      batch.map((m) => [m.windowStartNs, m.predictedClassId]),
    );
    live.forEach((p, i) => {
      for (const [k, value] of p.probabilities.entries()) {
        expect(Math.abs(value - batch[i]!.probabilities[k]!)).toBeLessThan(1e-6);
      }
    });
  });

  it('estimates the reference field as it goes when none is given: seeded by the first window, then the batch one', () => {
    const { reference } = classifyRecording(recording, classifier);
    const stream = new StreamingClassifier(classifier, {
      calibration: recording.metadata.calibration,
      referenceTimeConstantSec: Number.POSITIVE_INFINITY,
    });
    expect(stream.reference).toBeUndefined();
    let seeded: SensorReference | undefined;
    const live: StreamingPrediction[] = [];
    for (const chunk of recordingChunks(recording, stream.topics, 3.5)) {
      for (const { topic, timestampsNs, values } of chunk.topics)
        live.push(...stream.push(topic, timestampsNs, values));
      // the first window (0–2 s, and 1 s of context after it) is out with the first chunk, measured on its own samples
      if (live.length === 1) seeded = stream.reference;
    }
    live.push(...stream.end());
    expect(live).toHaveLength(14);
    expect(seeded!.fieldMicroTesla / reference!.fieldMicroTesla).toBeCloseTo(1, 1);
    // the median of every sample seen, to a fraction of its 0.1 % bins: the whole recording's
    expect(stream.reference!.fieldMicroTesla / reference!.fieldMicroTesla).toBeCloseTo(1, 3);
    expect(stream.reference!.dipDeg).toBeCloseTo(reference!.dipDeg!, 1);
    expect(() => new StreamingClassifier(classifier, { referenceTimeConstantSec: 0 })).toThrow(AstInputError);
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
    const { messages: batch, reference } = classifyRecording(fast, classifier);
    const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration, reference });
    const live = replay(stream, fast, 4);
    expect(stream.sampleRateHz).toBe(200);
    expect(live).toHaveLength(6); // 7.5 s of stream: 2 s windows every 1 s
    for (const p of live) {
      expect(p.sampleRateHz).toBe(100);
      expect(p.windowEndNs - p.windowStartNs).toBe(2_000_000_000n);
    }
    // resampled window by window with its past, on the whole stream's grid: the windows of the whole recording's
    // resampling (to float32 rounding: a window's last samples may be resampled before the samples after it arrive)
    expect(live.map((p) => [p.windowStartNs, p.classId])).toEqual(
      batch.map((m) => [m.windowStartNs, m.predictedClassId]),
    );
    live.forEach((p, i) => {
      for (const [k, value] of p.probabilities.entries())
        expect(Math.abs(value - batch[i]!.probabilities[k]!)).toBeLessThan(1e-6);
    });
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

describe('StreamingClassifier with its running reference, against classifyRecording (a trained model)', () => {
  const labelNames = ['0', '1', '2'];
  const plan = (seed: number, durationSec: number) =>
    createDatasetPlan({ seed, durationSec, sampleRateHz: 100, timestampJitter: false });
  let trained: AstClassifier;

  beforeAll(async () => {
    // a small model trained on worldwide synthetic recordings, through classifyRecording's own feature path
    const train = concatDatasets(
      [31, 32, 33, 34].map((seed) => {
        const { recording, labels } = generateRecording(plan(seed, 60), { seed });
        const prepared = prepareRecording(recording, settings);
        return windowsDataset(
          recordingWindows(prepared, settings, { labels: labels.events }),
          labelNames,
          prepared.spectrogram,
        );
      }),
    );
    const { classifier: fitted } = await trainAst({
      config: { hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 1, numAttentionHeads: 2 },
      train,
      options: { seed: 1, batchSize: 16, maxSteps: 80, learningRate: 3e-3, featureSettings: settings },
    });
    trained = new AstClassifier({ model: fitted.model, config: fitted.config, labelNames, featureSettings: settings });
  }, 120_000);
  afterAll(() => trained?.dispose());

  /** Streamed with the running reference and with the batch reference given: the share of same classes. */
  function agreement(recording: ImuRecording) {
    const batch = classifyRecording(recording, trained);
    const { calibration } = recording.metadata;
    const running = replayInChunks(new StreamingClassifier(trained, { calibration }), recording);
    const given = replayInChunks(
      new StreamingClassifier(trained, { calibration, reference: batch.reference! }),
      recording,
    );
    const classes = new Set(batch.messages.map((m) => m.predictedClassId));
    return {
      running: classAgreement(running, batch.messages, settings.hopSec, WARM_UP_WINDOWS),
      given: classAgreement(given, batch.messages, settings.hopSec, WARM_UP_WINDOWS),
      classes: classes.size,
    };
  }

  it('agrees on ≥ 95 % of the windows after a 10-window warm-up on a synthetic recording with disturbances', () => {
    const { recording } = generateRecording(plan(40, 300), { seed: 40 });
    const { running, given, classes } = agreement(recording);
    console.log(
      `synthetic, 100 Hz: same class ${running.agreeing}/${running.compared}, score correlation ${running.scoreCorrelation.toFixed(4)}`,
    );
    expect(classes).toBeGreaterThan(1); // the model tells windows apart here
    expect(given.share).toBe(1); // at the model's rate, with the batch reference, exactly the batch
    expect(running.compared).toBe(289); // 300 s: 299 windows, 10 of warm-up
    // measured: 286 / 289 (scores correlated 0.958), and 280 / 289 (0.894) once the training data held near magnets: the
    // running median follows the disturbed segments a little, and this small test model sits near its boundaries
    expect(running.share).toBeGreaterThanOrEqual(0.95);
    expect(running.scoreCorrelation).toBeGreaterThan(0.85);
  });

  it('tracks batch on a real recording (BROAD, 95.238 Hz, converted from its phone log) as closely as with the batch reference', async () => {
    const file = '33_disturbed_attached_magnet_2cm.json.gz';
    const text = await readPhoneLogText(fixturePath('broad-dev', file));
    const { recording } = convertPhoneLogText(text, { fileName: file });
    const { running, given } = agreement(recording);
    console.log(
      `real, 95.238 Hz: same class ${running.agreeing}/${running.compared}, score correlation ${running.scoreCorrelation.toFixed(3)} ` +
        `(batch reference given: ${given.agreeing}/${given.compared}, ${given.scoreCorrelation.toFixed(3)})`,
    );
    // With the batch reference, the stream resampled window by window (with its past, on the whole stream's grid)
    // gives exactly the batch windows; the running reference moves the scores a little.
    expect(given.share).toBe(1);
    expect(given.scoreCorrelation).toBeCloseTo(1, 9);
    expect(running.compared).toBe(157); // 167 windows, 10 of warm-up
    // measured: 286 / 289 (scores correlated 0.958), and 280 / 289 (0.894) once the training data held near magnets: the
    // running median follows the disturbed segments a little, and this small test model sits near its boundaries
    expect(running.share).toBeGreaterThanOrEqual(0.95);
    expect(running.scoreCorrelation).toBeGreaterThan(0.9);
  });
});
