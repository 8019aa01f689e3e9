import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

/** The real `tscls` process (from source, as `pnpm tscls` runs it): exit codes and streams. */
function tscls(...args: string[]) {
  const result = spawnSync(process.execPath, [tsxCli, '--conditions=@tsc/source', 'src/bin.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, NSTRUMENTA_API_KEY: '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the tscls process', () => {
  it('exits 0 with help on stdout, and accepts a leading -- (pnpm tscls -- <args>)', () => {
    const { code, out } = tscls('--', '--help');
    expect(code).toBe(0);
    for (const command of [
      'generate',
      'generate-dataset',
      'inspect',
      'convert-log',
      'spectrogram',
      'train',
      'evaluate',
      'classify',
      'report',
      'nst',
      'demo',
    ]) {
      expect(out).toMatch(new RegExp(`\\n  ${command} `));
    }
  });

  it('exits 2 on a usage error and 1 on a failure, with one line on stderr', () => {
    const usage = tscls('train', '--data');
    expect(usage.code).toBe(2);
    const failure = tscls('inspect', '/nonexistent/run.mcap');
    expect(failure.code).toBe(1);
    expect(failure.out).toBe('');
    expect(failure.err.trim().split('\n')).toHaveLength(1);
    expect(failure.err).toContain('/nonexistent/run.mcap');
  });
}, 60_000);
