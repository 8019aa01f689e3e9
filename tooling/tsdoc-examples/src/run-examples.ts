import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { examplesRoot, writeExampleFiles } from './example-files.js';
import { extractExamples, repositoryRoot } from './extract-examples.js';
import { TYPE_CHECK_ONLY } from './type-check-only.js';

/** What an example printed: the arguments of each `console.log`, `console.warn` and `console.error` call. */
export type Printed = unknown[][];

/** Checks of what particular examples print, by example id (most examples are only required to run). */
export type PrintedExpectations = Readonly<Record<string, (printed: Printed) => void>>;

/**
 * Runs the module at `path` in a fresh empty working directory that holds the repository's `fixtures/` as
 * `./fixtures` (so examples name fixtures as a clone of the repository does), with the console captured and the
 * environment restored afterwards.
 */
export async function runExampleFile(path: string): Promise<Printed> {
  const cwd = process.cwd();
  const env = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'tsdoc-example-'));
  symlinkSync(join(repositoryRoot, 'fixtures'), join(dir, 'fixtures'));
  const printed: Printed = [];
  const { log, warn, error } = console;
  const capture = (...values: unknown[]) => void printed.push(values);
  Object.assign(console, { log: capture, warn: capture, error: capture });
  process.chdir(dir);
  try {
    await import(pathToFileURL(path).href);
    return printed;
  } catch (thrown) {
    // what the example printed before it failed helps to read the failure
    throw new Error(`example failed after printing ${JSON.stringify(printed, replacer)}`, { cause: thrown });
  } finally {
    Object.assign(console, { log, warn, error });
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON for printed values: bigints as `123n`, typed arrays as arrays. */
function replacer(_: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as number[]);
  return value;
}

/**
 * Defines one test per `@example` of `packages/<name>/src` that runs it as a module importing `@tsc/<pkg>`: it passes
 * when the example runs to its end, and, for the ids in `expectations`, when what it printed passes the check.
 * Examples in {@link TYPE_CHECK_ONLY} are listed as skipped with their reason (typecheck.test.ts compiles them).
 */
export function describeExamples(name: string, expectations: PrintedExpectations = {}): void {
  const examples = extractExamples(name);
  const paths = writeExampleFiles(examples, join(examplesRoot, 'run', name));
  afterAll(() => rmSync(join(examplesRoot, 'run', name), { recursive: true, force: true }));
  describe(`@tsc/${name} TSDoc examples`, () => {
    for (const example of examples) {
      const reason = TYPE_CHECK_ONLY[example.id];
      if (reason !== undefined) {
        it.skip(`${example.id} (type-checked only: ${reason})`, () => {});
        continue;
      }
      it(`${example.id} (${example.file}:${example.line}) runs`, async () => {
        const printed = await runExampleFile(paths.get(example.id)!);
        // TSDOC_EXAMPLES_PRINT=1 shows what each example printed, to compare with its comments
        if (process.env.TSDOC_EXAMPLES_PRINT)
          process.stderr.write(`${example.id}: ${JSON.stringify(printed, replacer)}\n`);
        expectations[example.id]?.(printed);
      });
    }
    it('has a check for every expectation it lists', () => {
      const ids = new Set(examples.map((example) => example.id));
      expect(Object.keys(expectations).filter((id) => !ids.has(id))).toEqual([]);
    });
  });
}

/** The check of an example that catches an error and prints its fields: it printed one line, starting with `first`. */
export function printsError(first: unknown): (printed: Printed) => void {
  return (printed) => {
    expect(printed).toHaveLength(1);
    expect(printed[0]![0]).toEqual(first);
  };
}

/** The check of an example that prints: it printed exactly these lines (each the arguments of one call). */
export function prints(...lines: unknown[][]): (printed: Printed) => void {
  return (printed) => expect(printed).toEqual(lines);
}
