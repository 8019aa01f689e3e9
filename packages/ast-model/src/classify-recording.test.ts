import { windows } from '@tsc/mcap-utils';
import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { beforeAll, describe, expect, it } from 'vitest';
import { AstClassifier } from './ast-classifier.js';
import { astConfig } from './ast-config.js';
import { initializeBackend } from './backend.js';
import { classifyRecording } from './classify-recording.js';
import { createAstModel } from './create-ast-model.js';
import { sensorTopics, windowsDataset } from './sensor-features.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

describe('classifyRecording', () => {
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

  it('builds labelled datasets from the same windows', () => {
    const list = windows(recording, {
      topics: sensorTopics(),
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
