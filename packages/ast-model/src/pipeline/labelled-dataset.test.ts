import { createLabelEvent, formatBytes, MemoryLimitError, windowsMemoryBytes } from '@tsc/mcap-utils';
import { createMixedLevelsPlan, generateRecording } from '@tsc/synthetic';
import { describe, expect, it } from 'vitest';
import { AstInputError } from '../errors.js';
import type { LabelledRecording } from '../evaluation/score-detector.js';
import { sensorFeatureSettings } from '../features/feature-settings.js';
import { prepareRecording, recordingWindows, windowsDataset } from '../features/sensor-features.js';
import { buildLabelledDataset, checkLabelValues, splitForValidation } from './labelled-dataset.js';

const settings = sensorFeatureSettings();
const recordings: LabelledRecording[] = [1, 2, 3, 4].map((seed) => {
  const { recording, labels } = generateRecording(createMixedLevelsPlan({ sampleRateHz: 100, segmentSec: 4, seed }), {
    name: `mixed_${seed}`,
  });
  return { name: `mixed_${seed}`, recording, labels: labels.events };
});

describe('buildLabelledDataset', () => {
  it('joins the label-pure windows of every recording, with each window recording and span', async () => {
    const progress: number[] = [];
    const built = await buildLabelledDataset(recordings, settings, { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(built.recordingNames).toEqual(['mixed_1', 'mixed_2', 'mixed_3', 'mixed_4']);
    // the same windows and features as each recording cut on its own
    const second = recordings[1]!;
    const prepared = prepareRecording(second.recording, settings);
    const pure = recordingWindows(prepared, settings, { labels: second.labels }).filter((w) => w.label !== undefined);
    const own = windowsDataset(pure, ['0', '1', '2'], prepared.spectrogram);
    const rows = [...built.recordingOfWindow.keys()].filter((i) => built.recordingOfWindow[i] === 1);
    expect(rows).toHaveLength(pure.length);
    expect(Array.from(rows, (i) => built.windowStartNs[i])).toEqual(pure.map((w) => w.startTimeNs));
    expect(Array.from(rows, (i) => built.windowEndNs[i])).toEqual(pure.map((w) => w.endTimeNs));
    const size = own.shape[1] * own.shape[2];
    const first = rows[0]!;
    expect(built.dataset.features.subarray(first * size, (first + rows.length) * size)).toEqual(own.features);
    expect(built.dataset.labelNames).toEqual(['0', '1', '2']);
    expect(new Set(built.dataset.labels)).toEqual(new Set([0, 1, 2]));
  });

  it('reads recordings lazily from an async iterable', async () => {
    async function* lazily() {
      for (const recording of recordings.slice(0, 2)) yield recording;
    }
    const built = await buildLabelledDataset(lazily(), settings);
    expect(built.recordingNames).toEqual(['mixed_1', 'mixed_2']);
  });

  it('holds whole recordings apart for validation, provenance kept', async () => {
    const built = await buildLabelledDataset(recordings, settings);
    const { train, validation } = splitForValidation(built, { seed: 1, validationFraction: 0.25 });
    expect(train.dataset.shape[0] + validation.dataset.shape[0]).toBe(built.dataset.shape[0]);
    const trainRecordings = new Set(train.recordingOfWindow);
    expect([...new Set(validation.recordingOfWindow)].some((r) => trainRecordings.has(r))).toBe(false);
    expect(validation.dataset.shape[0]).toBeGreaterThan(0);
  });

  it('names the labels, the event and the value of a label outside the classes', async () => {
    const odd = createLabelEvent({
      startTimeNs: 0n,
      endTimeNs: 1n,
      metadata: { mag_distortion: '7' },
      collection: 'c',
    });
    const bad = { ...recordings[0]!, labels: [odd], labelsSource: 'odd.labels.json' };
    expect(() => checkLabelValues(bad)).toThrow(
      `odd.labels.json: events[0] (id ${JSON.stringify(odd.id)}): mag_distortion: expected one of "0", "1", "2", found "7"`,
    );
    await expect(buildLabelledDataset([bad], settings)).rejects.toBeInstanceOf(AstInputError);
  });

  it('refuses a dataset whose features would not fit in the memory limit, before computing them (issue 14)', async () => {
    // every bin of each channel, so that the features, not one recording's samples, pass the limit
    const settings = sensorFeatureSettings({ spectrogram: { maxBinsPerChannel: null } });
    const built = await buildLabelledDataset(recordings, settings);
    const [windows, frames, bins] = built.dataset.shape;
    const bytesPerWindow = frames * bins * 4;
    const neededBytes = 2 * windows * bytesPerWindow; // the recordings' features and the joined dataset
    // the limit holds every recording's windows (checked per recording) but not the whole dataset's features
    const maxMemoryBytes = neededBytes - 1;
    const computed: number[] = [];
    const error = await buildLabelledDataset(recordings, settings, {
      maxMemoryBytes,
      onProgress: (done) => computed.push(done),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(error).toMatchObject({ option: 'hopSec', limitBytes: maxMemoryBytes, neededBytes });
    // the last recording's windows pass the limit: refused before its features are computed
    expect(computed).toEqual([1, 2, 3]);
    expect(String(error)).toBe(
      `MemoryLimitError: hopSec: ${windows} windows of 2 s (windowSec) every 1 s in the first 4 recordings, ${formatBytes(bytesPerWindow)} of features each, held twice while joined would need ${formatBytes(neededBytes)} of memory; the limit is ${formatBytes(maxMemoryBytes)} (maxMemoryBytes)`,
    );
    // the same from a lazy iterable; a limit that holds the features lets the same dataset through
    async function* lazily() {
      yield* recordings;
    }
    const lazy = await buildLabelledDataset(lazily(), settings, { maxMemoryBytes }).catch((caught: unknown) => caught);
    expect(String(lazy)).toBe(String(error));
    await expect(buildLabelledDataset(lazily(), settings, { maxMemoryBytes: neededBytes })).resolves.toBeDefined();
  });

  it('takes a long first recording followed by short ones whose features fit, counting the actual windows', async () => {
    const long = generateRecording(createMixedLevelsPlan({ sampleRateHz: 100, segmentSec: 20, seed: 7 }), {
      name: 'long',
    });
    const mixed = [{ name: 'long', recording: long.recording, labels: long.labels.events }, ...recordings];
    const built = await buildLabelledDataset(mixed, settings);
    const [windows, frames, bins] = built.dataset.shape;
    const firstWindows = built.recordingOfWindow.filter((recording) => recording === 0).length;
    // the first recording holds most windows: its count times the recordings would pass the limit
    expect(firstWindows * mixed.length).toBeGreaterThan(windows * 1.5);
    // exactly the features of the whole dataset, or the long recording's windows with their context while it is cut
    const times = long.recording.topics.get('mag_raw')!.timestampsNs;
    const cutBytes = windowsMemoryBytes(Number(times.at(-1)! - times[0]!), {
      windowSamples: 100 * (settings.windowSec + 2 * settings.contextSec!),
      hopSec: settings.hopSec,
      valuesPerSample: 9,
    });
    const maxMemoryBytes = Math.max(2 * windows * frames * bins * 4, cutBytes);
    const fitting = await buildLabelledDataset(mixed, settings, { maxMemoryBytes });
    expect(fitting.dataset.features).toEqual(built.dataset.features);
  });

  it('says when the recordings are shorter than one window, or no window is labelled', async () => {
    const plan = createMixedLevelsPlan({ sampleRateHz: 100, segmentSec: 0.2, seed: 5 });
    const { recording, labels } = generateRecording(plan, { name: 'short' });
    const short = { name: 'short', recording, labels: labels.events };
    await expect(buildLabelledDataset([short], settings)).rejects.toThrow(/expected at least one window of 2 s/);
    const unlabelled = { ...recordings[0]!, labels: [] };
    await expect(buildLabelledDataset([unlabelled], settings)).rejects.toThrow(/a window inside a label event/);
  });
});
