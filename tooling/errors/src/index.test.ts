import { describe, expect, it } from 'vitest';
import { TscError } from './index.js';

class ExampleError extends TscError {
  constructor(readonly field: string) {
    super(`bad field ${field}`);
  }
}

describe('TscError', () => {
  it('names errors after their class', () => {
    expect(new ExampleError('x').name).toBe('ExampleError');
  });

  it('recognises instances across copies by the Symbol.for marker', () => {
    const foreign = Object.assign(new Error('from another copy'), { [Symbol.for('tsc.error')]: true });
    expect(TscError.isInstance(new ExampleError('x'))).toBe(true);
    expect(TscError.isInstance(foreign)).toBe(true);
    expect(TscError.isInstance(new Error('plain'))).toBe(false);
    expect(TscError.isInstance(undefined)).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new TscError('wrapped', { cause }).cause).toBe(cause);
  });
});
