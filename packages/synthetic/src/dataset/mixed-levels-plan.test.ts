import { describe, expect, it } from 'vitest';
import { generateRecording } from '../generation/generate-recording.js';
import { validatePlan } from '../plan/validate-plan.js';
import { createMixedLevelsPlan } from './mixed-levels-plan.js';

describe('createMixedLevelsPlan', () => {
  it('plans eight segments with every level, labelled as planned', () => {
    const plan = createMixedLevelsPlan({ sampleRateHz: 50, segmentSec: 4, seed: 3 });
    validatePlan(plan);
    expect(plan.segments.map((segment) => segment.name.split('_')[0])).toEqual([
      'none',
      'low',
      'high',
      'none',
      'high',
      'low',
      'none',
      'high',
    ]);
    const { labels } = generateRecording(plan, { name: 'mixed' });
    expect(labels.events.map((event) => event.metadata.mag_distortion)).toEqual([
      '0',
      '1',
      '2',
      '0',
      '2',
      '1',
      '0',
      '2',
    ]);
  });
});
