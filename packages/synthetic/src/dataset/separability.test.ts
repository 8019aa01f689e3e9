import { describe, expect, it } from 'vitest';
import { generateRecording } from '../generation/generate-recording.js';
import type { DistortionLevel } from '../plan/plan-types.js';
import { createDatasetPlan, DATASET_MOTIONS, DISTORTION_KINDS, DISTORTION_LEVELS } from './dataset-plan.js';

/**
 * The levels must be learnable from the magnetometer alone. A one-feature rule on 2 s windows of the *raw* data
 * (converted back with the stored calibration) — the largest relative deviation of the field norm from the WMM
 * norm — must already separate none / low / high across every kind and motion.
 */
describe('level separability', () => {
  it('a field-norm threshold classifies 2 s windows of every kind and motion with recall ≥ 0.95 per level', () => {
    const windowSamples = 200;
    const confusion = new Map<string, number>();
    let seed = 1000;
    for (const level of DISTORTION_LEVELS) {
      for (const kind of DISTORTION_KINDS) {
        for (const motion of DATASET_MOTIONS) {
          const plan = createDatasetPlan({
            durationSec: 10,
            segmentSec: 5,
            sampleRateHz: 100,
            level,
            kind,
            motion,
            seed: seed++,
          });
          const { recording, earthField } = generateRecording(plan);
          const raw = recording.topics.get('mag_raw')!.values;
          const scale = recording.metadata.calibration!.mag!.matrix[0]!;
          const total = earthField!.totalMicroTesla;
          for (let start = 0; start + windowSamples <= raw.length / 3; start += windowSamples) {
            let largest = 0;
            for (let i = start; i < start + windowSamples; i++) {
              const norm = scale * Math.hypot(raw[i * 3]!, raw[i * 3 + 1]!, raw[i * 3 + 2]!);
              largest = Math.max(largest, Math.abs(norm - total) / total);
            }
            const predicted: DistortionLevel = largest < 0.06 ? 'none' : largest < 0.45 ? 'low' : 'high';
            const key = `${level}->${predicted}`;
            confusion.set(key, (confusion.get(key) ?? 0) + 1);
          }
        }
      }
    }
    for (const level of DISTORTION_LEVELS) {
      const row = DISTORTION_LEVELS.map((predicted) => confusion.get(`${level}->${predicted}`) ?? 0);
      const recall = (confusion.get(`${level}->${level}`) ?? 0) / row.reduce((sum, value) => sum + value, 0);
      expect(recall, `${level}: ${row.join('/')}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});
