import { describe, expect, it, vi } from 'vitest';
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

  it('answers instanceof TscError for errors of another copy of the class', async () => {
    vi.resetModules();
    // A query string makes the module loader evaluate the file again: a second, separate TscError class.
    const secondCopy: string = './index.js?second-copy';
    const copy = (await import(secondCopy)) as typeof import('./index.js');
    expect(copy.TscError).not.toBe(TscError);
    class OtherCopyError extends copy.TscError {}
    expect(new OtherCopyError('x') instanceof TscError).toBe(true);
    expect(new ExampleError('x') instanceof copy.TscError).toBe(true);
    expect(new Error('plain') instanceof TscError).toBe(false);
    expect((undefined as unknown) instanceof TscError).toBe(false);
  });

  it('keeps the ordinary instanceof for subclasses', () => {
    class OtherError extends TscError {}
    expect(new ExampleError('x') instanceof ExampleError).toBe(true);
    expect(new ExampleError('x') instanceof OtherError).toBe(false);
    expect(new TscError('base') instanceof ExampleError).toBe(false);
    const error: unknown = new ExampleError('y');
    if (error instanceof ExampleError) expect(error.field).toBe('y');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new TscError('wrapped', { cause }).cause).toBe(cause);
  });
});
