import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fixturePath } from '@tsc/fixtures';
import { DISTORTION_LABELS, type ImuRecording } from '@tsc/mcap-utils';
import {
  convertPhoneLog,
  inspectRecordingFile,
  readLabelsFile,
  readRecordingFile,
  writeRecordingFile,
} from '@tsc/mcap-utils/node';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { AstInputError } from '../errors.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from '../features/sensor-features.js';
import { type ClassifyRecordingResult, classifyRecording } from '../inference/classify-recording.js';
import { classifyRecordingBlocks } from '../inference/classify-recording-blocks.js';
import { untrainedClassifier } from '../inference/untrained-classifier.test-helper.js';
import { classifyRecordingFile } from './classify-recording-file.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

const classifier = untrainedClassifier({ ...DEFAULT_SENSOR_FEATURE_SETTINGS }, DISTORTION_LABELS);
const dir = mkdtempSync(join(tmpdir(), 'classify-file-'));
afterAll(() => {
  classifier.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The largest difference of a probability between two classifications of the same windows. */
function largestProbabilityDifference(a: ClassifyRecordingResult, b: ClassifyRecordingResult): number {
  let largest = 0;
  a.messages.forEach((m, i) => {
    m.probabilities.forEach((p, k) => {
      largest = Math.max(largest, Math.abs(p - b.messages[i]!.probabilities[k]!));
    });
  });
  return largest;
}

/**
 * The reference of a classification in blocks against the whole recording's: field and specific force within 0.1 %,
 * dip within 0.1°, probabilities within 2e-3 (measured: see the README's figures).
 */
function expectCloseReferences(streamed: ClassifyRecordingResult, whole: ClassifyRecordingResult, what: string) {
  const field = Math.abs(streamed.reference!.fieldMicroTesla / whole.reference!.fieldMicroTesla - 1);
  const dipDeg = Math.abs(streamed.reference!.dipDeg! - whole.reference!.dipDeg!);
  const force = Math.abs(streamed.reference!.specificForceMs2! / whole.reference!.specificForceMs2! - 1);
  const probabilities = largestProbabilityDifference(streamed, whole);
  console.log(`${what}: field ${field}, dip ${dipDeg}°, force ${force}, probabilities ${probabilities}`);
  expect(field).toBeLessThan(1e-3);
  expect(dipDeg).toBeLessThan(0.1);
  expect(force).toBeLessThan(1e-3);
  expect(probabilities).toBeLessThan(2e-3);
}

/** The windows (start, end) and classes of a classification. */
const windowsAndClasses = (result: ClassifyRecordingResult) =>
  result.messages.map((m) => [m.windowStartNs, m.windowEndNs, m.predictedClassId]);

describe('classifyRecordingFile', () => {
  it('classifies a recording at the model rate in blocks as classifyRecording does whole: same reference, windows, classes, probabilities and truth', async () => {
    const plan = createDatasetPlan({ seed: 4, durationSec: 180 });
    plan.initialization.timestamp_jitter_s = 0; // uniform at 100 Hz: not resampled
    const { recording, labels } = generateRecording(plan, { seed: 4 });
    const path = join(dir, 'uniform.mcap');
    // small chunks: many blocks, windows across block boundaries
    await writeRecordingFile(path, recording, { chunkSizeBytes: 128 * 1024 });
    const whole = classifyRecording(await readRecordingFile(path), classifier, { labels: labels.events });
    const progress: number[] = [];
    const streamed = await classifyRecordingFile(path, classifier, {
      labels: labels.events,
      onProgress: ({ windowsDone }) => progress.push(windowsDone),
    });
    expect(streamed.messages.length).toBe(179);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(179);
    expect(whole.resampling?.resampled).toBe(false);
    expect(streamed.resampling).toEqual(whole.resampling);
    expect(streamed.reference).toEqual(whole.reference);
    expect(windowsAndClasses(streamed)).toEqual(windowsAndClasses(whole));
    // the same float32 spectrograms through the same model: measured 0, the bound 1e-6 (batching may round)
    expect(largestProbabilityDifference(streamed, whole)).toBeLessThanOrEqual(1e-6);
    console.log(`uniform: probabilities ${largestProbabilityDifference(streamed, whole)}`);
    expect(streamed.truth).toEqual(whole.truth);
    expect(streamed.truth!.filter((label) => label !== undefined).length).toBeGreaterThan(100);
    expect(streamed.events).toEqual(whole.events);
  });

  it('classifies a jittered recording, resampled to the model rate, as classifyRecording does: a reference within 0.1 %', async () => {
    const { recording, labels } = generateRecording(createDatasetPlan({ seed: 4, durationSec: 180 }), { seed: 4 });
    const path = join(dir, 'jittered.mcap');
    await writeRecordingFile(path, recording, { chunkSizeBytes: 128 * 1024 });
    const whole = classifyRecording(await readRecordingFile(path), classifier, { labels: labels.events });
    const streamed = await classifyRecordingFile(path, classifier, { labels: labels.events });
    expect(whole.resampling?.resampled).toBe(true);
    expect(streamed.resampling).toEqual(whole.resampling);
    expect(windowsAndClasses(streamed)).toEqual(windowsAndClasses(whole));
    expect(streamed.truth).toEqual(whole.truth);
    expectCloseReferences(streamed, whole, 'jittered');
  });

  it('classifies a phone log at 95.238 Hz, resampled to 100 Hz, as classifyRecording does: a reference within 0.1 %', async () => {
    const name = '33_disturbed_attached_magnet_2cm';
    const { mcapPath } = await convertPhoneLog(fixturePath('broad-dev', `${name}.json.gz`), { outputDir: dir });
    const labels = await readLabelsFile(fixturePath('broad-dev', `${name}.labels.json`));
    const whole = classifyRecording(await readRecordingFile(mcapPath), classifier, { labels: labels.events });
    const streamed = await classifyRecordingFile(mcapPath, classifier, { labels: labels.events });
    expect(streamed.messages.length).toBeGreaterThan(20);
    expect(windowsAndClasses(streamed)).toEqual(windowsAndClasses(whole));
    expect(streamed.truth).toEqual(whole.truth);
    expectCloseReferences(streamed, whole, 'phone log');
    expect(streamed.resampling).toMatchObject({ resampled: true, toHz: 100 });
    expect(streamed.resampling!.fromHz).toBeCloseTo(whole.resampling!.fromHz, 3);
  });

  it('holds far less than the whole recording: over 30 min at 100 Hz, live memory stays flat, within a third of its arrays', async () => {
    const plan = createDatasetPlan({ seed: 6, durationSec: 1800 });
    plan.initialization.sample_rate = 100;
    plan.initialization.timestamp_jitter_s = 0;
    const path = join(dir, 'long.mcap');
    await writeRecordingFile(path, generateRecording(plan, { seed: 6 }).recording);
    // what a whole read holds: every topic's times (8 B) and values (8 B each)
    const inspection = await inspectRecordingFile(path);
    const wholeBytes = inspection.topics.reduce(
      (sum, t) => sum + t.messageCount * 8 * (1 + (t.topic === 'pose_truth' ? 4 : 3)),
      0,
    );
    // the backend's own memory grows with the first predictions, whatever the recording: warm it up first
    await classifyRecordingFile(fixturePath('seed', 'basic_synthetic.mcap'), classifier);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const held = () => {
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    // the generated recording's arrays are garbage now: collect them before the run (their buffers go in a later cycle)
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const baseline = held();
    const live: number[] = [];
    let blocks = 0;
    const { messages } = await classifyRecordingFile(path, classifier, {
      // what is live after every 8th block (garbage collected first: a chunk's decoded text is garbage at once)
      onProgress: () => {
        if (blocks++ % 8 !== 0) return;
        gc();
        live.push(held());
      },
    });
    expect(messages.length).toBe(1799);
    // how far live memory rises during the run, from its lowest to its highest: a whole read would rise by the
    // recording's arrays as the file is read
    const grownBytes = Math.max(...live) - Math.min(...live);
    console.log(
      `30 min at 100 Hz: the whole recording's arrays ${wholeBytes} B; live memory ${(baseline / 1e6).toFixed(1)} MB before, then ${live.map((b) => (b / 1e6).toFixed(1)).join(' ')} MB`,
    );
    expect(wholeBytes).toBeGreaterThan(40e6);
    // measured: 40.6 MB before, then between 41.9 and 53.6 MB over the run, its floor flat (a whole read
    // would add the 42 MB of the recording's arrays); the swing above the floor is a block and a batch in flight
    expect(Math.min(...live) - baseline).toBeLessThan(wholeBytes / 3);
    expect(grownBytes).toBeLessThan(wholeBytes / 2);
    const third = Math.floor(live.length / 3);
    expect(Math.min(...live.slice(-third)) - Math.min(...live.slice(0, third))).toBeLessThan(wholeBytes / 20);
  }, 60_000);

  it('refuses a recording without a topic the model needs, naming the topics found', async () => {
    const recording: ImuRecording = await readRecordingFile(fixturePath('seed', 'basic_synthetic.mcap'), {
      topics: ['mag_raw', 'acc_raw'],
    });
    const blocks = {
      open: async function* () {
        yield { topics: recording.topics };
      },
      sampleCounts: new Map([...recording.topics].map(([topic, s]) => [topic, s.timestampsNs.length])),
    };
    await expect(classifyRecordingBlocks(blocks, classifier)).rejects.toThrow(AstInputError);
    await expect(classifyRecordingBlocks(blocks, classifier)).rejects.toThrow('gyro_raw');
  });
});
