import { describe, expect, it } from 'vitest';
import { createProgram } from './program.js';

describe('createProgram', () => {
  it('names the program tscls', () => {
    expect(createProgram().name()).toBe('tscls');
  });
});
