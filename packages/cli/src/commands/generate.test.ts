import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { readRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

describe('tscls generate and generate-dataset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-generate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a recording, labels and experiment from the reference plan, byte-identical for a seed', async () => {
    const plan = fixturePath('seed', 'default_plan.json');
    const paths = ['a', 'b'].map((name) => join(dir, `${name}.mcap`));
    for (const output of paths) {
      const io = captureIo();
      const code = await runCli(
        [
          'generate',
          '--plan',
          plan,
          '--output',
          output,
          '--labels',
          `${output}.labels.json`,
          '--experiment',
          `${output}.experiment.json`,
          '--seed',
          '7',
        ],
        io,
      );
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      expect(io.out()).toContain('7 topics × 1800 samples, 8 segments, seed 7');
    }
    expect(await readFile(paths[0]!)).toEqual(await readFile(paths[1]!));
    const recording = await readRecordingFile(paths[0]!);
    expect(recording.topics.get('mag_raw')?.timestampsNs.length).toBe(1800);
    const labels = JSON.parse(await readFile(`${paths[0]}.labels.json`, 'utf8'));
    expect(labels.events).toHaveLength(8);
  });

  it('reproduces the reference file with --compat seed', async () => {
    const output = join(dir, 'compat.mcap');
    const code = await runCli(
      ['generate', '--plan', fixturePath('seed', 'default_plan.json'), '-o', output, '--compat', 'seed'],
      captureIo(),
    );
    expect(code).toBe(0);
    const ours = await readRecordingFile(output);
    const reference = await readRecordingFile(fixturePath('seed', 'basic_synthetic.mcap'));
    expect(ours.topics.get('mag_raw')?.timestampsNs).toEqual(reference.topics.get('mag_raw')?.timestampsNs);
  });

  it('rejects bad values with exit code 2 and a bad plan with exit code 1', async () => {
    const usage = captureIo();
    expect(await runCli(['generate', '--plan', 'p.json', '-o', 'x.mcap', '--compat', 'exact'], usage)).toBe(2);
    expect(usage.err()).toContain('expected "seed"');
    expect(await runCli(['generate-dataset', '--count', '0', '-o', dir], captureIo())).toBe(2);
    const bad = captureIo();
    expect(
      await runCli(
        ['generate', '--plan', fixturePath('seed', 'example_labels.json'), '-o', join(dir, 'bad.mcap')],
        bad,
      ),
    ).toBe(1);
    expect(bad.err()).toMatch(/^tscls: \w+Error: .*example_labels\.json/);
    expect(bad.err().trim().split('\n')).toHaveLength(1);
  });

  it('generates a balanced fixed dataset', async () => {
    const output = join(dir, 'dataset');
    const io = captureIo();
    expect(
      await runCli(
        [
          'generate-dataset',
          '--count',
          '3',
          '-o',
          output,
          '--duration',
          '4',
          '--rate',
          '50',
          '--seed',
          '2',
          '--variety',
          'fixed',
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toMatch(
      /wrote 3 recordings \((none|low|high) 1, (none|low|high) 1, (none|low|high) 1\) of 4 s at 50 Hz/,
    );
    const manifest = JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8'));
    expect(manifest.recordings).toHaveLength(3);
  });

  it('generates a worldwide dataset by default and reports its labelled seconds', async () => {
    const output = join(dir, 'worldwide');
    const io = captureIo();
    const args = [
      'generate-dataset',
      '--count',
      '2',
      '-o',
      output,
      '--duration',
      '8',
      '--rate',
      'drawn',
      '--clean-share',
      '0.5,0.6',
    ];
    expect(await runCli(args, io)).toBe(0);
    expect(io.out()).toMatch(
      /wrote 2 worldwide recordings of 8 s at 50–400 Hz \(drawn per recording\) to .*; labelled none [\d.]+ s, low [\d.]+ s, high [\d.]+ s, unlabelled [\d.]+ s/,
    );
    const manifest = JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8'));
    expect(manifest.variety).toBe('worldwide');
    expect(manifest.recordings[0].sensors.mag).toMatch(/^(BMM150|AK09918|LIS3MDL|MMC5983MA)$/);
    expect(
      await runCli(['generate-dataset', '--count', '1', '-o', output, '--clean-share', '0.9,0.2'], captureIo()),
    ).toBe(2);
  });
});
