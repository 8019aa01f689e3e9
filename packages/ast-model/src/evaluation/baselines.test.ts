import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import { describe, expect, it } from 'vitest';
import { AstInputError } from '../errors.js';
import { classifyRecordingWithBaseline } from './baselines.js';
import { recordingMetrics } from './metrics.js';

/**
 * 40 s of rotation at about 40°/s: clean, a magnet fixed to the body (high), clean, clean. (Over the residual's
 * 0.5 s horizon the body turns 20°, so the magnet's 0.8·B offset swings by 2·0.8·sin 10° ≈ 0.28 of the field.)
 */
function recordingWithAttachedMagnet(sampleRateHz = 100) {
  const plan = createDatasetPlan({
    level: 'none',
    kind: 'body_hard_iron',
    motion: 'tumble',
    seed: 5,
    durationSec: 40,
    sampleRateHz,
  });
  for (const segment of plan.segments) segment.rotation_rpy_degrees = { roll: 360, pitch: 180, yaw: -90 };
  plan.segments[1]!.mag_distortion = { level: 'high', kind: 'body_hard_iron' };
  plan.segments[1]!.magnetic_distortion = 0.8;
  return generateRecording(plan, { seed: 5 });
}

describe('classifyRecordingWithBaseline', () => {
  const { recording, labels } = recordingWithAttachedMagnet();

  it.each(['norm-dip', 'field-consistency', 'deviation-bound'] as const)(
    '%s flags the magnet and keeps the clean stretches',
    (name) => {
      const result = classifyRecordingWithBaseline(recording, name, { labels: labels.events });
      expect(result.messages.length).toBe(39);
      const metrics = recordingMetrics([result], ['0', '1', '2']);
      expect(metrics.binary.positives).toBeGreaterThan(5);
      expect(metrics.binary.balancedAccuracy).toBeGreaterThan(0.9);
      expect(metrics.binary.rocAuc).toBeGreaterThan(0.95);
      for (const message of result.messages) {
        expect(message.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        expect(message.label).toBe(['0', '1', '2'][message.predictedClassId]);
      }
    },
  );

  it('deviation-bound calls the magnet high and reads 1 s of context around each window', () => {
    const result = classifyRecordingWithBaseline(recording, 'deviation-bound', { labels: labels.events });
    const calls = result.messages.map((message, i) => [result.truth![i], message.label]);
    const magnet = calls.filter(([truth]) => truth === '2');
    expect(magnet.length).toBeGreaterThan(5);
    expect(magnet.filter(([, call]) => call === '2').length).toBeGreaterThanOrEqual(magnet.length - 1);
    const withoutContext = classifyRecordingWithBaseline(recording, 'deviation-bound', { contextSec: 0 });
    expect(withoutContext.messages.map((m) => m.windowStartNs)).toEqual(result.messages.map((m) => m.windowStartNs));
    expect(withoutContext.messages.map((m) => m.probabilities)).not.toEqual(
      result.messages.map((m) => m.probabilities),
    );
  });

  it('gives the same calls on a 50 Hz recording, resampled to 100 Hz', () => {
    const slow = recordingWithAttachedMagnet(50);
    const result = classifyRecordingWithBaseline(slow.recording, 'field-consistency', { labels: slow.labels.events });
    expect(result.resampling).toMatchObject({ resampled: true, fromHz: 50, toHz: 100 });
    expect(recordingMetrics([result], ['0', '1', '2']).binary.balancedAccuracy).toBeGreaterThan(0.9);
  });

  it('rejects an unknown rule', () => {
    expect(() => classifyRecordingWithBaseline(recording, 'magic' as 'norm-dip')).toThrow(AstInputError);
  });
});
