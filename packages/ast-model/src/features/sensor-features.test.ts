import type { TopicSeries } from '@tsc/mcap-utils';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { expect, it } from 'vitest';
import { iterateRecordingWindows, prepareRecording, recordingWindows } from './sensor-features.js';

/** A topic map that counts its look-ups: each layout of a window grid looks every topic it cuts up once. */
class CountingTopics extends Map<string, TopicSeries> {
  lookups = 0;
  override get(topic: string) {
    this.lookups++;
    return super.get(topic);
  }
}

it('iterateRecordingWindows gives the windows and their count from one layout of the recording', () => {
  const plan = createDatasetPlan({ level: 'low', kind: 'world_hard_iron', motion: 'yaw', seed: 5, durationSec: 12 });
  const { recording, labels } = generateRecording(plan, { seed: 5 });
  const settings = { windowSec: 3, hopSec: 1.5, spectrogram: { sampleRateHz: 100 } };
  const prepared = prepareRecording(recording, settings);
  const topics = new CountingTopics(prepared.recording.topics);
  const counted = { ...prepared, recording: { ...prepared.recording, topics } };
  const options = { labels: labels.events, keepMixedWindows: true };
  const windows = iterateRecordingWindows(counted, settings, options);
  const cut = [...windows];
  // three sensor topics, each looked up once for both the count and the windows
  expect(topics.lookups).toBe(3);
  expect(windows.count).toBe(7);
  expect(cut).toEqual(recordingWindows(prepared, settings, options));
});
