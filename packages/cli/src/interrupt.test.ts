import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Fault suite (issue 14, Why 5): Ctrl-C during a long write removes its temporary file and exits with 130.

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;

describe('the tscls process under SIGINT', () => {
  it('removes the temporary files of the writes in progress and exits with 130', async () => {
    const output = await mkdtemp(join(tmpdir(), 'tscls-interrupt-'));
    try {
      // tsx as a loader in the one process, so the signal reaches tscls itself
      const child = spawn(
        process.execPath,
        [
          ...['--import', tsxLoader, '--conditions=@tsc/source', 'src/bin.ts'],
          ...['generate-dataset', '--count', '20', '--duration', '300', '-o', output],
        ],
        { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NSTRUMENTA_API_KEY: '' } },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      let seen: string[] = [];
      // wait until a recording is being written (its temporary file exists), then interrupt
      for (let waited = 0; waited < 60_000 && !seen.some((name) => name.endsWith('.tmp')); waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = await readdir(output);
      }
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/tscls: interrupted \(SIGINT\); removed [1-9]\d* temporary file/);
      expect((await readdir(output)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  }, 120_000);
});
