import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examplesRoot, typeCheckExampleFiles, writeExampleFiles } from './example-files.js';
import { BUNDLED_TOOLING, countExampleTags, extractExamples, packageNames } from './extract-examples.js';
import { TYPE_CHECK_ONLY } from './type-check-only.js';

// Every @example of every package compiles in a user's strict NodeNext project that imports @tsc/<pkg>; the
// run-*.test.ts files run them.

const names = [...packageNames(), ...BUNDLED_TOOLING];
const examples = names.flatMap((name) => extractExamples(name));
const paths = writeExampleFiles(examples, join(examplesRoot, 'typecheck'));
const errors = typeCheckExampleFiles([...paths.values()]);
afterAll(() => rmSync(join(examplesRoot, 'typecheck'), { recursive: true, force: true }));

describe('TSDoc examples type-check', () => {
  it.each(names)('@tsc/%s: every @example has a ```ts block', (name) => {
    expect(extractExamples(name).length).toBe(countExampleTags(name));
  });

  it.each(examples.map((example) => [example.id, example] as const))('%s', (_, example) => {
    expect(errors.get(paths.get(example.id)!), `${example.file}:${example.line}`).toEqual([]);
  });

  it('lists as type-check only only examples that exist', () => {
    const ids = new Set(examples.map((example) => example.id));
    expect(Object.keys(TYPE_CHECK_ONLY).filter((id) => !ids.has(id))).toEqual([]);
  });
});
