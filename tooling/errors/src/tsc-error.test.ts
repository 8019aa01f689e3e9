import { describe, expect, it, vi } from 'vitest';
import { TscError } from './tsc-error.js';

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
    const secondCopy: string = './tsc-error.js?second-copy';
    const copy = (await import(secondCopy)) as typeof import('./tsc-error.js');
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

describe('TscError markers', () => {
  class MarkedError extends TscError {
    static override readonly marker: symbol = Symbol.for('tsc.error.test.MarkedError');
  }
  class MarkedChildError extends MarkedError {
    static override readonly marker: symbol = Symbol.for('tsc.error.test.MarkedChildError');
  }
  class UnmarkedChildError extends MarkedError {}

  it('puts the marker of the class and of every class above it on an instance', () => {
    const error = new MarkedChildError('x') as unknown as Record<symbol, unknown>;
    expect(error[Symbol.for('tsc.error')]).toBe(true);
    expect(error[Symbol.for('tsc.error.test.MarkedError')]).toBe(true);
    expect(error[Symbol.for('tsc.error.test.MarkedChildError')]).toBe(true);
  });

  it('answers isInstance of a subclass by its marker, across copies', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('tsc.error')]: true,
      [Symbol.for('tsc.error.test.MarkedError')]: true,
    });
    expect(MarkedError.isInstance(foreign)).toBe(true);
    expect(MarkedChildError.isInstance(foreign)).toBe(false);
    expect(MarkedError.isInstance(new MarkedChildError('x'))).toBe(true);
    expect(MarkedChildError.isInstance(new MarkedError('x'))).toBe(false);
    expect(MarkedError.isInstance(new TscError('x'))).toBe(false);
    expect(MarkedError.isInstance('text')).toBe(false);
  });

  it('falls back to the prototype check for a subclass without a marker of its own', () => {
    expect(UnmarkedChildError.isInstance(new UnmarkedChildError('x'))).toBe(true);
    expect(UnmarkedChildError.isInstance(new MarkedError('x'))).toBe(false);
  });

  it('narrows the type in isInstance', () => {
    class FieldError extends TscError {
      static override readonly marker: symbol = Symbol.for('tsc.error.test.FieldError');
      constructor(readonly field: string) {
        super(field);
      }
    }
    const error: unknown = new FieldError('seed');
    if (FieldError.isInstance(error)) expect(error.field).toBe('seed');
    else expect.unreachable();
  });
});
