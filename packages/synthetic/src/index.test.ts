import { TscError as FromMcap } from '@tsc/mcap-utils';
import { describe, expect, it } from 'vitest';
import { TscError } from './index.js';

describe('index', () => {
  it('resolves workspace packages to their sources', () => {
    expect(TscError.isInstance(new FromMcap('x'))).toBe(true);
  });
});
