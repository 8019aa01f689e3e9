import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { claimTemporaryPath, sweepStaleTemporaryFiles, temporaryFileRegistry, writeFileAtomic } from '@tsc/shared/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Fault suite (issue 14, Why 5): interrupts remove temporary files, and stale ones from killed runs are swept.

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '../..');
const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tsc-temporary-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The id of a process that has exited (so no process runs with it, barring reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Runs the helper child until it is ready, sends `signal`, and resolves to its exit code and output. */
async function interruptChild(signal: NodeJS.Signals): Promise<{ code: number | null; out: string; during: string[] }> {
  const child = spawn(
    process.execPath,
    // tsx as a loader in this one process (its CLI would put a signal-relaying parent in between)
    ['--import', tsxLoader, '--conditions=@tsc/source', join(here, 'interrupted-write.test-helper.ts'), folder],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let during: string[] = [];
  await new Promise<void>((ready) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) ready();
    });
  });
  during = (await readdir(folder)).sort();
  child.kill(signal);
  const code = await new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
  return { code, out, during };
}

describe('temporary files', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s removes the temporary files of writes in progress and exits with %i', async (signal, expected) => {
    const { code, out, during } = await interruptChild(signal);
    expect(during).toEqual([
      expect.stringMatching(/^\.model\.\d+\.[0-9a-f]{8}\.tmp$/),
      expect.stringMatching(/^\.x\.mcap\.\d+\.[0-9a-f]{8}\.tmp$/),
    ]);
    expect(code).toBe(expected);
    expect(out).toContain(`${signal} removed 2`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('sweeps a stale temporary file of a killed run on the next write to the same place', async () => {
    const stale = join(folder, `.run.mcap.${deadPid()}.0badf00d.tmp`);
    const staleFolder = join(folder, `.run.mcap.${process.pid}.0000beef.tmp`); // ours, but no longer written
    const other = join(folder, `.other.mcap.${deadPid()}.0badf00d.tmp`);
    await writeFile(stale, 'half a recording');
    await mkdir(staleFolder);
    await writeFile(other, 'another target');
    await writeFileAtomic(join(folder, 'run.mcap'), 'new');
    expect((await readdir(folder)).sort()).toEqual([basename(other), 'run.mcap']);
  });

  it('keeps the temporary files of writes in progress, in this process or another running one', async () => {
    const claim = await claimTemporaryPath(join(folder, 'a.bin'));
    await writeFile(claim.temporaryPath, 'in progress');
    const parent = join(folder, `.a.bin.${process.ppid}.12345678.tmp`);
    await writeFile(parent, 'another live process');
    expect(await sweepStaleTemporaryFiles(join(folder, 'a.bin'))).toEqual([]);
    expect(temporaryFileRegistry().has(claim.temporaryPath)).toBe(true);
    claim.release();
    expect(temporaryFileRegistry().has(claim.temporaryPath)).toBe(false);
    expect(await sweepStaleTemporaryFiles(join(folder, 'a.bin'))).toEqual([claim.temporaryPath]);
  });
});
