import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examplesRoot, typeCheckExampleFiles } from './example-files.js';
import { runExampleFile } from './run-examples.js';

// The check itself: a wrong example fails it, in type-checking and in running.

const dir = join(examplesRoot, 'self-test');
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, code: string): string {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
}

describe('the TSDoc example check', () => {
  it('reports type errors, unknown exports and free variables, and passes a correct example', () => {
    const wrong = file('wrong.ts', "import { stft, notAnExport } from '@tsc/spectrogram';\nstft(signal);\n");
    const right = file('right.ts', "import { stft } from '@tsc/spectrogram';\nstft(new Float32Array(512));\n");
    const errors = typeCheckExampleFiles([wrong, right]);
    expect(errors.get(wrong)).toEqual([
      `line 1: Module '"@tsc/spectrogram"' has no exported member 'notAnExport'.`,
      "line 2: Cannot find name 'signal'.",
    ]);
    expect(errors.get(right)).toEqual([]);
  });

  it('fails an example that throws, and returns what a passing one printed', async () => {
    const throws = file('throws.ts', "console.log('before');\nthrow new Error('broken example');\n");
    await expect(runExampleFile(throws)).rejects.toThrow('example failed after printing [["before"]]');
    const prints = file(
      'prints.ts',
      "import { windowFunction } from '@tsc/spectrogram';\nconsole.log(windowFunction('hann', 4, { periodic: true }));\n",
    );
    expect(await runExampleFile(prints)).toEqual([[Float32Array.of(0, 0.5, 1, 0.5)]]);
  });
});
