import { describe, expect, it } from 'vitest';
import { describeInvalidArgument, InvalidArgumentError } from './invalid-argument-error.js';
import { TscError } from './tsc-error.js';

describe('InvalidArgumentError', () => {
  it('renders field, expected and found one way', () => {
    const error = new InvalidArgumentError('melBins', 'an integer ≥ 1', 0);
    expect(error.message).toBe('melBins: expected an integer ≥ 1, found 0');
    expect(error).toMatchObject({ field: 'melBins', expected: 'an integer ≥ 1', found: 0, file: undefined });
  });

  it('leads with the file, leaves out the field of a whole file, and keeps the cause', () => {
    const cause = new Error('root cause');
    const error = new InvalidArgumentError('', 'an object', [], { file: 'plan.json', cause });
    expect(error.message).toBe('plan.json: expected an object, found []');
    expect(error.file).toBe('plan.json');
    expect(error.cause).toBe(cause);
    const field = new InvalidArgumentError('segments[3].duration_s', 'a number > 0', 0, { file: 'plan.json' });
    expect(field.message).toBe('plan.json: segments[3].duration_s: expected a number > 0, found 0');
  });

  it('names a whole input without a file <root>', () => {
    expect(new InvalidArgumentError('', 'an object', null).message).toBe('<root>: expected an object, found null');
  });

  it('shows the found value in words when the error gives them', () => {
    const error = new InvalidArgumentError('--input', 'an MCAP recording', 'a folder', {
      file: 'runs/',
      foundText: 'a folder',
    });
    expect(error.message).toBe('runs/: --input: expected an MCAP recording, found a folder');
    expect(describeInvalidArgument({ field: 'seed', expected: 'an integer', found: 'x' })).toBe(
      'seed: expected an integer, found "x"',
    );
  });

  it('is recognised by its marker, also in subclasses', () => {
    class OptionError extends InvalidArgumentError {
      static override readonly marker: symbol = Symbol.for('tsc.error.test.OptionError');
    }
    const error = new OptionError('seed', 'an integer', -1);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(TscError.isInstance(error)).toBe(true);
    expect(error.name).toBe('OptionError');
    expect(InvalidArgumentError.isInstance(new TscError('other'))).toBe(false);
  });
});

describe('unmarkedErrorClasses', () => {
  it('names exported error classes without a marker of their own', async () => {
    const { unmarkedErrorClasses } = await import('./testing.js');
    class PlainError extends TscError {}
    class WrongMarkerError extends TscError {
      static override readonly marker: symbol = Symbol.for('tsc.error.Other');
    }
    expect(unmarkedErrorClasses({ TscError, InvalidArgumentError, describe, answer: 42 })).toEqual([]);
    expect(unmarkedErrorClasses({ PlainError, WrongMarkerError })).toEqual([
      'PlainError: no marker of its own',
      'WrongMarkerError: marker Symbol(tsc.error.Other)',
    ]);
  });
});
