import { memoryUsage } from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { windows } from '@tsc/mcap-utils';
import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { AstInputError } from '../errors.js';
import { sensorAstConfig } from '../features/sensor-ast-config.js';
import {
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  prepareRecording,
  recordingWindows,
  sensorTopics,
  windowFeatures,
  windowsDataset,
} from '../features/sensor-features.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { AstClassifier } from './ast-classifier.js';
import { classifyRecording } from './classify-recording.js';

setFlagsFromString('--expose-gc');
setFlagsFromString('--no-concurrent-array-buffer-sweeping'); // freed array buffers leave the count at once
/** V8's full garbage collection, so that a memory reading counts only what is still referenced. */
const collectGarbage = runInNewContext('gc') as () => void;

/** Memory in use now (bytes): the JS heap and array buffers, after a full collection. */
function liveBytes(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = memoryUsage();
  return heapUsed + arrayBuffers;
}

describeOnEachBackend('classifyRecording', () => {
  const plan = createDatasetPlan({ level: 'low', kind: 'world_hard_iron', motion: 'yaw', seed: 11, durationSec: 12 });
  const { recording, labels } = generateRecording(plan, { seed: 11 });
  const settings = { windowSec: 3, hopSec: 1.5, spectrogram: { sampleRateHz: 100 } };
  const [frames, bins] = sensorSpectrogramShape(settings.spectrogram, 300).shape;
  const config = astConfig({ hiddenSize: 16, intermediateSize: 32, maxLength: frames, numMelBins: bins });

  it('runs windows → sensor spectrograms → model and merges the predictions into label events', () => {
    const classifier = new AstClassifier({
      model: createAstModel(config, { seed: 1 }),
      config,
      labelNames: ['0', '1', '2'],
      featureSettings: settings,
    });
    const { messages, events } = classifyRecording(recording, classifier, { collection: 'x/x.labels.json' });
    // 12 s: windows start at 0, 1.5, …, 9 s → 7 windows of 3 s.
    expect(messages).toHaveLength(7);
    expect(messages[0]!.windowStartNs).toBe(recording.topics.get('mag_raw')!.timestampsNs[0]);
    expect(messages[1]!.windowStartNs - messages[0]!.windowStartNs).toBe(1_500_000_000n);
    expect(messages[0]!.logTimeNs).toBe(messages[0]!.windowEndNs);
    for (const m of messages) {
      expect(m.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(m.label).toBe(['0', '1', '2'][m.predictedClassId]);
    }
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.every((e) => e.collection === 'x/x.labels.json')).toBe(true);
    classifier.dispose();
  });

  it('reports progress after each batch, ending at the window count, with the same predictions', () => {
    const classifier = new AstClassifier({
      model: createAstModel(config, { seed: 2 }),
      config,
      labelNames: ['0', '1', '2'],
      featureSettings: settings,
    });
    const progress: { windowsDone: number; windowsTotal: number }[] = [];
    const batched = classifyRecording(recording, classifier, {
      batchSize: 3,
      onProgress: (p) => progress.push({ ...p }),
    });
    // 7 windows in batches of 3, 3 and 1.
    expect(progress).toEqual([
      { windowsDone: 3, windowsTotal: 7 },
      { windowsDone: 6, windowsTotal: 7 },
      { windowsDone: 7, windowsTotal: 7 },
    ]);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.windowsDone).toBeGreaterThan(progress[i - 1]!.windowsDone);

    const once: { windowsDone: number; windowsTotal: number }[] = [];
    const whole = classifyRecording(recording, classifier, { onProgress: (p) => once.push({ ...p }) });
    expect(once).toEqual([{ windowsDone: 7, windowsTotal: 7 }]);
    expect(batched.messages.map((m) => m.windowEndNs)).toEqual(whole.messages.map((m) => m.windowEndNs));
    batched.messages.forEach((m, i) => {
      m.probabilities.forEach((p, c) => {
        expect(p).toBeCloseTo(whole.messages[i]!.probabilities[c]!, 5);
      });
    });

    const short = generateRecording(
      createDatasetPlan({ level: 'low', kind: 'world_hard_iron', motion: 'yaw', seed: 12, durationSec: 2 }),
      { seed: 12 },
    ).recording;
    const none: { windowsDone: number; windowsTotal: number }[] = [];
    expect(classifyRecording(short, classifier, { onProgress: (p) => none.push({ ...p }) }).messages).toEqual([]);
    expect(none).toEqual([{ windowsDone: 0, windowsTotal: 0 }]);
    expect(() => classifyRecording(recording, classifier, { batchSize: 0 })).toThrow(AstInputError);
    classifier.dispose();
  });

  it('gives bit for bit the predictions of every window cut at once and predicted batch by batch', () => {
    const classifier = new AstClassifier({
      model: createAstModel(config, { seed: 4 }),
      config,
      labelNames: ['0', '1', '2'],
      featureSettings: settings,
    });
    const streamed = classifyRecording(recording, classifier, { batchSize: 3, labels: labels.events });
    // the previous path: every window cut up front, then spectrograms and predictions one batch at a time
    const prepared = prepareRecording(recording, settings);
    const all = recordingWindows(prepared, settings, { labels: labels.events, keepMixedWindows: true });
    const messages = [];
    for (let start = 0; start < all.length; start += 3) {
      const batch = all.slice(start, start + 3);
      const predictions = classifier.predict(windowFeatures(batch, prepared.spectrogram), { batchSize: 3 });
      for (const [i, { classId, label, probabilities }] of predictions.entries()) {
        const { startTimeNs, endTimeNs } = batch[i]!;
        messages.push({
          logTimeNs: endTimeNs,
          predictedClassId: classId,
          label,
          probabilities,
          windowStartNs: startTimeNs,
          windowEndNs: endTimeNs,
        });
      }
    }
    expect(all).toHaveLength(7);
    expect(streamed.messages).toEqual(messages);
    expect(streamed.truth).toEqual(all.map((window) => window.label));
    classifier.dispose();
  });

  it('holds one batch of windows at a time: a 20 min recording grows memory far less than all its windows', () => {
    // 10 s windows every 0.5 s of the magnetometer alone: the windows (2381 × 24 KB = 57 MB) outweigh the
    // recording (120 001 samples, 2.9 MB of values per copy)
    const long = {
      windowSec: 10,
      hopSec: 0.5,
      spectrogram: { sampleRateHz: 100, sensors: ['mag' as const], derived: [] },
    };
    const [longFrames, longBins] = sensorSpectrogramShape(long.spectrogram, 1000).shape;
    const tiny = astConfig({
      hiddenSize: 16,
      intermediateSize: 32,
      numHiddenLayers: 1,
      maxLength: longFrames,
      numMelBins: longBins,
    });
    const classifier = new AstClassifier({
      model: createAstModel(tiny, { seed: 5 }),
      config: tiny,
      labelNames: ['0', '1', '2'],
      featureSettings: long,
    });
    const twentyMinutes = generateRecording(
      createDatasetPlan({ level: 'low', kind: 'world_hard_iron', motion: 'yaw', seed: 14, durationSec: 1200 }),
      { seed: 14 },
    ).recording;
    const baseline = liveBytes();
    let peakGrowth = 0;
    const { messages } = classifyRecording(twentyMinutes, classifier, {
      batchSize: 64,
      onProgress: () => {
        peakGrowth = Math.max(peakGrowth, liveBytes() - baseline);
      },
    });
    const allWindowsBytes = messages.length * 1000 * 3 * 8;
    expect(messages).toHaveLength(2381);
    expect(allWindowsBytes).toBeGreaterThan(55e6);
    // measured: 7.5 MB with the windows cut batch by batch, 64.7 MB when every window was cut up front
    expect(peakGrowth).toBeLessThan(allWindowsBytes / 4);
    classifier.dispose();
  });

  it('classifies a recording at another rate, resampled to the model rate, relative to its own field', () => {
    const relative = {
      ...DEFAULT_SENSOR_FEATURE_SETTINGS,
      spectrogram: { ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram },
    };
    const small = sensorAstConfig(relative, { hiddenSize: 16, intermediateSize: 32 });
    const classifier = new AstClassifier({
      model: createAstModel(small, { seed: 3 }),
      config: small,
      labelNames: ['0', '1', '2'],
      featureSettings: relative,
    });
    const at50 = generateRecording(
      createDatasetPlan({ level: 'none', kind: 'dipole', motion: 'roll', seed: 13, durationSec: 12, sampleRateHz: 50 }),
      { seed: 13 },
    );
    const result = classifyRecording(at50.recording, classifier, { labels: at50.labels.events });
    expect(result.resampling).toMatchObject({ resampled: true, fromHz: 50, toHz: 100 });
    // 600 samples at 50 Hz span 11.98 s: 1199 samples at 100 Hz, 2 s windows every 1 s: 10, all labelled none
    expect(result.messages).toHaveLength(10);
    expect(result.truth).toEqual(new Array(10).fill('0'));
    // the plan's WMM field (47.85 µT) plus the magnetometer's random turn-on bias (0.3 µT per axis)
    expect(Math.abs(result.reference!.fieldMicroTesla / 47.85 - 1)).toBeLessThan(0.03);
    classifier.dispose();
  });

  it('builds labelled datasets from the same windows', () => {
    const list = windows(recording, {
      topics: sensorTopics({ sensors: ['mag', 'acc', 'gyro'] }),
      windowSec: 3,
      hopSec: 1.5,
      calibrated: true,
      labels: labels.events,
    });
    const dataset = windowsDataset(list, ['0', '1', '2'], settings.spectrogram);
    expect(dataset.shape).toEqual([list.length, frames, bins]);
    expect(new Set(dataset.labels)).toEqual(new Set([1]));
    expect(() => windowsDataset(list, ['none', 'low', 'high'])).toThrow(/windows label: expected one of/);
  });
});
