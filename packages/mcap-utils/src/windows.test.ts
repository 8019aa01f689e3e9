import { readFileSync } from 'node:fs';
import { fixturePath } from '@tsc/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { createLabelEvent, type LabelEvent } from './labels.js';
import { decodeRecording } from './recording-decoder.js';
import { countedWindows, countWindows, iterateWindows, windows } from './windows.js';

let recording: ImuRecording;
let labels: LabelEvent[];

beforeAll(async () => {
  recording = await decodeRecording(new Uint8Array(readFileSync(fixturePath('seed', 'basic_synthetic.mcap'))));
  // 0–15 s "0", 15–20 s "1", 20–60.3 s "2".
  const spans: [number, number, string][] = [
    [0, 15, '0'],
    [15, 20, '1'],
    [20, 61, '2'],
  ];
  labels = spans.map(([start, end, level]) =>
    createLabelEvent({
      startTimeNs: BigInt(start) * 1_000_000_000n,
      endTimeNs: BigInt(end) * 1_000_000_000n,
      metadata: { mag_distortion: level },
      collection: 'c',
    }),
  );
});

describe('windows', () => {
  it('cuts fixed-length windows from the reference recording', () => {
    const list = windows(recording, { topics: ['mag_raw', 'gyro_raw', 'pose_truth'], windowSec: 2, hopSec: 1 });
    expect(list).toHaveLength(59);
    const first = list[0]!;
    expect(first.sampleCount).toBe(60);
    expect(first.sampleRateHz).toBeCloseTo(30, 5);
    expect(first.startTimeNs).toBe(0n);
    expect(first.endTimeNs).toBe(59n * 33_333_333n + 33_333_333n);
    expect(first.values.get('mag_raw')!.length).toBe(180);
    expect(first.values.get('pose_truth')!.length).toBe(600);
    expect(Array.from(first.values.get('mag_raw')!.subarray(0, 3))).toEqual([
      3.293072388487375, 1886.7892597766988, -1.0976896196550694,
    ]);
    expect(list[1]!.startTimeNs).toBe(31n * 33_333_333n); // first sample at or after 1 s
    expect(list.every((w) => w.label === undefined && !w.hasGap)).toBe(true);
  });

  it('labels windows by policy: pure drops straddling windows, center and majority keep them', () => {
    const options = { topics: ['mag_raw'], windowSec: 2, hopSec: 1, labels };
    const pure = windows(recording, options);
    const center = windows(recording, { ...options, labelPolicy: 'center' });
    const majority = windows(recording, { ...options, labelPolicy: 'majority' });
    expect(center).toHaveLength(59);
    expect(majority).toHaveLength(59);
    // Windows starting at 14 s and 19 s straddle a boundary.
    expect(pure).toHaveLength(57);
    expect(pure.map((w) => w.label).slice(12, 16)).toEqual(['0', '0', '1', '1']); // 12 s, 13 s, (14 s dropped), 15 s, 16 s
    const at = (list: typeof center, sec: number) => list.find((w) => w.startTimeNs >= BigInt(sec) * 1_000_000_000n)!;
    expect(at(center, 14).label).toBe('1'); // centre ≈ 15.0 s
    expect(at(majority, 14).label).toBe('0'); // 30 samples of "0" … tie → first seen wins
    expect(at(center, 19).label).toBe('2');
  });

  it('skips or flags windows with a gap', () => {
    const cut = (s: TopicSeries): TopicSeries => {
      const keep = (i: number) => i < 300 || i >= 330; // drop 1 s at 10 s
      const idx = Array.from({ length: s.timestampsNs.length }, (_, i) => i).filter(keep);
      return {
        topic: s.topic,
        width: s.width,
        timestampsNs: BigInt64Array.from(idx, (i) => s.timestampsNs[i]!),
        values: Float64Array.from(idx.flatMap((i) => Array.from(s.values.subarray(i * s.width, (i + 1) * s.width)))),
      };
    };
    const gappy: ImuRecording = { topics: new Map([['mag_raw', cut(recording.topics.get('mag_raw')!)]]), metadata: {} };
    const skipped = windows(gappy, { topics: ['mag_raw'], windowSec: 2, hopSec: 1 });
    const flagged = windows(gappy, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, gapPolicy: 'flag' });
    expect(flagged.filter((w) => w.hasGap).length).toBe(2);
    expect(skipped.length).toBe(flagged.length - 2);
    expect(skipped.every((w) => !w.hasGap)).toBe(true);
  });

  it('resamples topics with other timestamps onto the first topic by nearest sample', () => {
    const mag = recording.topics.get('mag_raw')!;
    const shifted: TopicSeries = { ...mag, topic: 'late', timestampsNs: mag.timestampsNs.map((t) => t + 5_000_000n) };
    const r: ImuRecording = {
      topics: new Map([
        ['mag_raw', mag],
        ['late', shifted],
      ]),
      metadata: {},
    };
    const list = windows(r, { topics: ['mag_raw', 'late'], windowSec: 1, hopSec: 1 });
    expect(list[3]!.values.get('late')).toEqual(list[3]!.values.get('mag_raw'));
  });

  it('cuts calibrated windows on request', () => {
    const withCalibration: ImuRecording = {
      ...recording,
      metadata: { calibration: { mag: { bias: [0, 0, 0], matrix: [0.00053, 0, 0, 0, 0.00053, 0, 0, 0, 0.00053] } } },
    };
    const [w] = windows(withCalibration, { topics: ['mag_raw'], windowSec: 1, hopSec: 1, calibrated: true });
    expect(w!.values.get('mag_raw')![1]).toBeCloseTo(recording.topics.get('mag_truth')!.values[1]!, 9);
  });
});

describe('iterateWindows', () => {
  it('yields the windows of windows() one at a time, labels included', () => {
    const options = { topics: ['mag_raw', 'gyro_raw'], windowSec: 2, hopSec: 1, labels };
    const all = windows(recording, options);
    const lazy = iterateWindows(recording, options);
    const first = lazy.next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(all[0]);
    expect([first.value, ...lazy]).toEqual(all);
  });

  it('holds one window at a time, so a memory limit for all of them does not apply', () => {
    const options = { topics: ['mag_raw'], windowSec: 2, hopSec: 0.05, maxMemoryBytes: 1000 };
    expect(() => windows(recording, options)).toThrow(/maxMemoryBytes/);
    let count = 0;
    for (const window of iterateWindows(recording, options)) count += window.sampleCount > 0 ? 1 : 0;
    expect(count).toBeGreaterThan(1000);
  });
});

describe('windows with context', () => {
  const options = { topics: ['mag_raw', 'gyro_raw'], windowSec: 2, hopSec: 1, labels, contextSec: 1 };

  it('carries up to contextSec of samples on each side, fewer at the ends; windows, labels and values unchanged', () => {
    const plain = windows(recording, { ...options, contextSec: 0 });
    const withContext = windows(recording, options);
    expect(withContext.map(({ context: _c, ...w }) => w)).toEqual(plain.map(({ context: _c, ...w }) => w));
    expect(plain.every((w) => w.context === undefined)).toBe(true);
    const mag = recording.topics.get('mag_raw')!.values;
    const samples = mag.length / 3;
    for (const w of withContext) {
      const { beforeSamples, afterSamples, values } = w.context!;
      const first = Number(w.startTimeNs / 33_333_333n);
      expect(beforeSamples).toBe(Math.min(30, first));
      expect(afterSamples).toBe(Math.min(30, samples - first - 60));
      expect(values.get('mag_raw')).toEqual(mag.slice(3 * (first - beforeSamples), 3 * (first + 60 + afterSamples)));
      expect(w.values.get('mag_raw')).toEqual(
        values.get('mag_raw')!.subarray(3 * beforeSamples, 3 * (beforeSamples + 60)),
      );
    }
  });

  it('stops the context at a non-finite value, and counts its samples against the memory limit', () => {
    const bad = withOneBadSample(); // NaN at sample 400
    const list = windows(bad, { ...options, topics: ['mag_raw'], labels: [], nonFinitePolicy: 'skip' });
    const after = list.find((w) => w.startTimeNs > 400n * 33_333_333n)!;
    const before = list.findLast((w) => w.startTimeNs < 400n * 33_333_333n)!;
    expect(after.context!.beforeSamples).toBe(Number(after.startTimeNs / 33_333_333n) - 401);
    expect(Number(before.startTimeNs / 33_333_333n) + 60 + before.context!.afterSamples).toBe(400);
    const oneWindowBytes = 60 * 3 * 8;
    const limit = { topics: ['mag_raw'], windowSec: 2, hopSec: 1, maxMemoryBytes: 61 * oneWindowBytes };
    expect(() => windows(recording, limit)).not.toThrow();
    expect(() => windows(recording, { ...limit, contextSec: 1 })).toThrow(/hopSec/);
    expect(() => windows(recording, { ...limit, contextSec: -1 })).toThrow(/contextSec/);
  });
});

/** The recording's magnetometer alone, with one bad sample (NaN) at about 13.3 s. */
function withOneBadSample(): ImuRecording {
  const mag = recording.topics.get('mag_raw')!;
  const values = mag.values.slice();
  values[400 * 3] = Number.NaN;
  return { topics: new Map([['mag_raw', { ...mag, values }]]), metadata: {} };
}

describe('countWindows', () => {
  it('counts the windows windows() cuts, by every policy, without cutting them or reporting skips', () => {
    const bad = withOneBadSample();
    const cases: [ImuRecording, Parameters<typeof windows>[1]][] = [
      [recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, labels }],
      [recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, labels, keepMixedWindows: true }],
      [recording, { topics: ['mag_raw', 'gyro_raw'], windowSec: 3, hopSec: 0.5, labels, labelPolicy: 'center' }],
      [bad, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, nonFinitePolicy: 'skip' }],
    ];
    const counts = cases.map(([source, options]) => {
      const skips: bigint[] = [];
      const count = countWindows(source, { ...options, onSkip: ({ startTimeNs }) => skips.push(startTimeNs) });
      expect(skips).toEqual([]);
      expect(count).toBe(windows(source, options).length);
      return count;
    });
    expect(counts).toEqual([57, 59, 115, 57]);
    expect(() => countWindows(bad, { topics: ['mag_raw'], windowSec: 2, hopSec: 1 })).toThrow(/found NaN/);
  });
});

describe('countedWindows', () => {
  it('gives the windows of windows() with their count, reporting skips only as it cuts', () => {
    const bad = withOneBadSample();
    const cases: [ImuRecording, Parameters<typeof windows>[1]][] = [
      [recording, { topics: ['mag_raw', 'gyro_raw'], windowSec: 2, hopSec: 1, labels }],
      [recording, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, labels, keepMixedWindows: true }],
      [bad, { topics: ['mag_raw'], windowSec: 2, hopSec: 1, nonFinitePolicy: 'skip' }],
    ];
    for (const [source, options] of cases) {
      const skips: bigint[] = [];
      const cut = countedWindows(source, { ...options, onSkip: ({ startTimeNs }) => skips.push(startTimeNs) });
      expect(skips).toEqual([]);
      const all = windows(source, options);
      expect(cut.count).toBe(all.length);
      expect([...cut]).toEqual(all);
    }
    const skips: bigint[] = [];
    const options = { topics: ['mag_raw'], windowSec: 2, hopSec: 1, nonFinitePolicy: 'skip' } as const;
    const cut = countedWindows(bad, { ...options, onSkip: ({ startTimeNs }) => skips.push(startTimeNs) });
    expect([...cut]).toHaveLength(57);
    expect(skips).toHaveLength(2);
  });

  it('lays out the grid once for the count and the windows: each topic is looked up once', () => {
    let lookups = 0;
    const topics = new (class extends Map<string, TopicSeries> {
      override get(topic: string) {
        lookups++;
        return super.get(topic);
      }
    })(recording.topics);
    const cut = countedWindows({ ...recording, topics }, { topics: ['mag_raw', 'gyro_raw'], windowSec: 2, hopSec: 1 });
    let done = 0;
    for (const _window of cut) done++;
    expect([cut.count, done]).toEqual([59, 59]);
    expect(lookups).toBe(2);
  });
});
