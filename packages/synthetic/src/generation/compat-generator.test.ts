import { fixturePath, readJsonFixture } from '@tsc/fixtures';
import { readRecordingFile } from '@tsc/mcap-utils/node';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/plan-types.js';
import { PlanValidationError } from '../plan/validate-plan.js';
import { generateRecording } from './generate-recording.js';

const referencePlan = (): Plan => readJsonFixture<Plan>('seed', 'default_plan.json');

describe('compat mode (compat: "seed")', () => {
  it('reproduces basic_synthetic.mcap: 7 topics × 1808 samples, same timestamps, values within 1e-9 relative', async () => {
    const reference = await readRecordingFile(fixturePath('seed', 'basic_synthetic.mcap'));
    const { recording, segments } = generateRecording(referencePlan(), { compat: 'seed' });
    expect(segments.map((segment) => segment.sampleCount)).toEqual([451, 151, 151, 151, 151, 151, 301, 301]);
    expect([...recording.topics.keys()].sort()).toEqual([...reference.topics.keys()].sort());
    expect(recording.topics.size).toBe(7);
    for (const [topic, expected] of reference.topics) {
      const actual = recording.topics.get(topic)!;
      expect(actual.width, topic).toBe(expected.width);
      expect(actual.timestampsNs.length, topic).toBe(1808);
      expect(actual.timestampsNs).toEqual(expected.timestampsNs);
      let worst = 0;
      for (let i = 0; i < expected.values.length; i++) {
        const a = actual.values[i]!;
        const b = expected.values[i]!;
        if (a !== b) worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
      }
      expect(worst, topic).toBeLessThanOrEqual(1e-9);
    }
    expect(recording.topics.get('pose_truth')!.timestampsNs.at(-1)).toBe(60_233_332_731n);
    expect(Array.from(recording.topics.get('mag_raw')!.values.subarray(0, 3))).toEqual([
      3.293072388487375, 1886.7892597766988, -1.0976896196550694,
    ]);
  });

  it("keeps the reference's distortion quirk: only world_x/y/z, scaled 0.2 (low) or 1.0 (high)", () => {
    const plan = referencePlan();
    plan.segments[0]!.mag_distortion = { level: 'high', world_x: 0.5 };
    plan.segments[1]!.mag_distortion = { level: 'low' };
    plan.segments[1]!.magnetic_distortion = 2.5;
    const clean = generateRecording(referencePlan(), { compat: 'seed' }).recording.topics.get('mag_truth')!.values;
    const result = generateRecording(plan, { compat: 'seed' });
    const mag = result.recording.topics.get('mag_truth')!.values;
    // sample 0 is already rotated one step; the world offset (0.5, 0, 0) rotates with it
    expect(Math.hypot(mag[0]! - clean[0]!, mag[1]! - clean[1]!, mag[2]! - clean[2]!)).toBeCloseTo(0.5, 12);
    // segment 2 has a level but no world offset: unchanged, as in the reference
    expect(mag.subarray(451 * 3, 602 * 3)).toEqual(clean.subarray(451 * 3, 602 * 3));
    // labels only for segments with mag_distortion, at the real sample times (451 × 33,333,333 ns = 15.033333183 s)
    expect(result.labels.events.map((event) => [event.startTime, event.endTime, event.metadata])).toEqual([
      [
        { sec: 0, nsec: 0 },
        { sec: 15, nsec: 33_333_183 },
        { mag_distortion: '2', '': '' },
      ],
      [
        { sec: 15, nsec: 33_333_183 },
        { sec: 20, nsec: 66_666_466 },
        { mag_distortion: '1', '': '' },
      ],
    ]);
  });

  it('rejects a segment shorter than one sample period, where the reference divides by zero', () => {
    const plan = referencePlan();
    plan.segments[2]!.duration_s = 0.01;
    expect(() => generateRecording(plan, { compat: 'seed' })).toThrow(PlanValidationError);
    expect(() => generateRecording(plan, { compat: 'seed' })).toThrow(
      /^segments\[2\]\.duration_s: expected at least one sample period/,
    );
  });
});
