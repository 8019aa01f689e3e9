import { unmarkedErrorClasses } from '@tsc/errors/testing';
import { describe, expect, it } from 'vitest';
import * as entry from './index.js';
import * as nodeEntry from './node/index.js';

describe('exported error classes', () => {
  it('each declare a marker of their own, so isInstance recognises them across package copies', () => {
    expect(unmarkedErrorClasses({ ...entry, ...nodeEntry })).toEqual([]);
  });
});
