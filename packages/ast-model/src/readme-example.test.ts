import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The code of the README's `## Example` section. */
function readmeExample(): string {
  const readme = read('../README.md');
  const section = readme.slice(readme.indexOf('\n## Example\n'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error('README.md: no ```ts block under ## Example');
  return match[1]!;
}

/** `bench/readme-example.ts`, the runnable copy, as the README shows it: package imports, without its first line. */
function benchExample(): string {
  return read('../bench/readme-example.ts')
    .split('\n')
    .slice(1)
    .join('\n')
    .replace("'../src/index.js'", "'@tsc/ast-model'")
    .replace("'../src/node/index.js'", "'@tsc/ast-model/node'");
}

it('the README example is bench/readme-example.ts (type-checked with the package), line for line', () => {
  expect(readmeExample()).toBe(benchExample());
});

it('the README example takes the class label values from the one table of @tsc/mcap-utils', () => {
  const example = readmeExample();
  expect(example).toContain("import { DISTORTION_LABELS } from '@tsc/mcap-utils';");
  // the label values written out as a list, in either quote style
  expect(example).not.toMatch(/\[\s*(['"])0\1\s*,\s*(['"])1\2\s*,\s*(['"])2\3\s*\]/);
});
