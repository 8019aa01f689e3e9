import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFloat32Fixture } from '@tsc/fixtures';
import { readSpectrogramFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

describe('tscls spectrogram', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-spectrogram-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reproduces the reference pipeline on its own recording (3 s every 10 s, AST features, PNG previews)', async () => {
    const output = join(dir, 'basic.spectrogram.mcap');
    const io = captureIo();
    const code = await runCli(
      ['spectrogram', fixturePath('seed', 'basic_synthetic.mcap'), '-o', output, '--preset', 'reference'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const frames = await readSpectrogramFile(output);
    expect(frames).toHaveLength(6);
    expect(frames[0]!.logTimeNs).toBe(3_000_000_000n);
    expect(frames[0]!.features.shape).toEqual([1024, 128]);
    expect(frames[0]!.png?.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47])); // "PNG"
    const expected = readFloat32Fixture('spectrogram', 'seed_window.ast.f32');
    // compared where the reference's cells carry energy (as @tsc/spectrogram's own parity test: elsewhere the
    // reference holds float32 rounding noise of near-constant raw counts)
    let maxDifference = 0;
    for (let i = 0; i < expected.length; i++) {
      if (expected[i]! < 0) continue;
      maxDifference = Math.max(maxDifference, Math.abs(expected[i]! - frames[0]!.features.data[i]!));
    }
    expect(maxDifference).toBeLessThan(1e-3);
  });

  it('writes sensor spectrograms of every window of a generated recording', async () => {
    const recording = join(dir, 'run.mcap');
    expect(
      await runCli(
        ['generate', '--plan', fixturePath('seed', 'default_plan.json'), '-o', recording, '--seed', '1'],
        captureIo(),
      ),
    ).toBe(0);
    const output = join(dir, 'run.spectrogram.mcap');
    const io = captureIo();
    expect(await runCli(['spectrogram', recording, '-o', output, '--window', '3', '--hop', '1.5'], io)).toBe(0);
    const frames = await readSpectrogramFile(output);
    // 60 s at 30 Hz span 59.97 s, resampled to the features' 100 Hz: 3 s windows every 1.5 s → 38 windows
    expect(frames.length).toBe(38);
    expect(frames[0]!.features.shape[1]).toBe(4); // the levels of field norm, dip, gyro consistency, deviation bound
    expect(frames[0]!.png).toBeDefined();
    expect(io.out()).toContain(`${frames.length} windows`);
  });

  it('fails with one line on a file that is not MCAP', async () => {
    const io = captureIo();
    expect(await runCli(['spectrogram', fixturePath('seed', 'default_plan.json'), '-o', join(dir, 'x.mcap')], io)).toBe(
      1,
    );
    expect(io.err()).toMatch(/^tscls: \w+Error: .*default_plan\.json/);
  });
});
