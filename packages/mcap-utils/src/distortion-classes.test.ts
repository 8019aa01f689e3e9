import { describe, expect, it } from 'vitest';
import {
  DISTORTION_CLASSES,
  DISTORTION_LABELS,
  DISTORTION_LEVELS,
  distortionClassNames,
  distortionLevelOf,
  LEVEL_LABELS,
} from './distortion-classes.js';

describe('distortion classes', () => {
  it('keeps level, label value and class id on one row, in class-id order', () => {
    expect(DISTORTION_CLASSES.map(({ classId, level, label }) => `${classId}:${level}:${label}`)).toEqual([
      '0:none:0',
      '1:low:1',
      '2:high:2',
    ]);
    expect(DISTORTION_LEVELS).toEqual(['none', 'low', 'high']);
    expect(DISTORTION_LABELS).toEqual(['0', '1', '2']);
    expect(LEVEL_LABELS).toEqual({ none: '0', low: '1', high: '2' });
  });

  it('reads label values back as levels, and leaves other labels as they are', () => {
    expect(distortionLevelOf('2')).toBe('high');
    expect(distortionLevelOf(2)).toBeUndefined();
    expect(distortionLevelOf('3')).toBeUndefined();
    expect(distortionClassNames(['0', '1', '2'])).toEqual(['none', 'low', 'high']);
    expect(distortionClassNames(['walk', '1'])).toEqual(['walk', 'low']);
  });

  it('cannot be changed', () => {
    expect(Object.isFrozen(DISTORTION_CLASSES)).toBe(true);
    expect(Object.isFrozen(DISTORTION_CLASSES[0])).toBe(true);
    expect(Object.isFrozen(LEVEL_LABELS)).toBe(true);
  });
});
