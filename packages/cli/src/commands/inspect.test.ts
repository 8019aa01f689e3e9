import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, repositoryRoot } from '@tsc/fixtures';
import { readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

describe('tscls inspect and convert-log', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-inspect-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('summarises the reference recording and finds it intact', async () => {
    const io = captureIo();
    expect(await runCli(['inspect', fixturePath('seed', 'basic_synthetic.mcap')], io)).toBe(0);
    expect(io.out()).toMatch(/mag_raw\s+1808 msgs\s+30\.0\d Hz/);
    expect(io.out()).toContain('integrity:   ok');
    const json = captureIo();
    expect(await runCli(['inspect', fixturePath('seed', 'basic_synthetic.mcap'), '--json'], json)).toBe(0);
    const parsed = JSON.parse(json.out());
    expect(parsed.topics).toHaveLength(8);
    expect(parsed.integrity.ok).toBe(true);
  });

  it('exits 1 with one line on a damaged file', async () => {
    const damaged = join(dir, 'damaged.mcap');
    await copyFile(fixturePath('seed', 'basic_synthetic.mcap'), damaged);
    await truncate(damaged, 300_000);
    const io = captureIo();
    expect(await runCli(['inspect', damaged], io)).toBe(1);
    expect(io.err()).toMatch(/^tscls: .*damaged\.mcap/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('converts a phone sensor log to MCAP, labels and experiment with ns timestamps', async () => {
    const t0 = 1_699_430_743_000_000; // µs
    const data: unknown[] = [{ ts: t0, type: 'START' }];
    for (let i = 0; i < 100; i++) {
      data.push({ ts: t0 + 10 + i * 10_000, type: 'MAG_AUTOCAL', values: [20 + i / 10, -3, 41] });
      data.push({ ts: t0 + 13 + i * 10_000, type: 'ACCEL_AUTOCAL', values: [0.01, 0.02, 1.0003] });
    }
    data.push({ ts: t0 + 1_000_000, type: 'STOP' });
    const log = join(dir, 'Sensor_Log_test.json');
    await writeFile(log, JSON.stringify({ deviceModel: 'Pixel', data }));
    const io = captureIo();
    // an output folder two levels below existing ones: convertPhoneLog creates it
    const converted = join(dir, 'converted', 'phone');
    expect(await runCli(['convert-log', log, '--output-dir', converted, '--level', '1'], io)).toBe(0);
    expect(io.out()).toContain('mag_raw 100');
    const recording = await readRecordingFile(join(converted, 'Sensor_Log_test.mcap'));
    expect(recording.topics.get('mag_raw')?.timestampsNs[0]).toBe(BigInt(t0 + 10) * 1000n);
    expect(recording.topics.get('acc_raw')?.values[2]).toBeCloseTo(1.0003 * 9.80665, 12); // g → m/s²
    expect(io.err()).toBe('');
    const labels = await readLabelsFile(join(converted, 'Sensor_Log_test.labels.json'));
    expect(labels.events[0]?.metadata.mag_distortion).toBe('1');
    expect(
      JSON.parse(await readFile(join(converted, 'Sensor_Log_test.experiment.json'), 'utf8')).metadata.source_type,
    ).toBe('recorded_log');

    // an output folder below a file: exit 1, one line naming the path
    const blocked = join(dir, 'Sensor_Log_test.json', 'out');
    const failed = captureIo();
    expect(await runCli(['convert-log', log, '--output-dir', blocked], failed)).toBe(1);
    expect(failed.err()).toMatch(/^tscls: .*Sensor_Log_test\.json/);
    expect(failed.err().trim().split('\n')).toHaveLength(1);
  });

  it('converts a vendored BROAD trial (.json.gz) without warnings', async () => {
    const log = join(repositoryRoot, 'fixtures', 'broad-dev', '36_disturbed_attached_magnet_5cm.json.gz');
    const io = captureIo();
    expect(await runCli(['convert-log', log, '-o', dir], io)).toBe(0);
    expect(io.out()).toContain('163.25 s, mag_raw 15549, acc_raw 15549, gyro_raw 15549');
    expect(io.out()).toContain(join(dir, '36_disturbed_attached_magnet_5cm.mcap'));
    expect(io.err()).toBe('');
    const recording = await readRecordingFile(join(dir, '36_disturbed_attached_magnet_5cm.mcap'));
    const acc = recording.topics.get('acc_raw')!.values;
    expect(Math.hypot(acc[0]!, acc[1]!, acc[2]!)).toBeGreaterThan(9);
  });

  it('warns on standard error when the accelerometer does not fit its unit, and --accel-unit fixes it', async () => {
    const data: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      data.push({ ts: 1_000_000 + i * 10_000, type: 'ACCEL_AUTOCAL', values: [0.1, 0.2, 9.81] });
      data.push({ ts: 1_000_000 + i * 10_000, type: 'MAG_AUTOCAL', values: [10, 20, -40] });
    }
    const log = join(dir, 'Sensor_Log_ms2.json');
    await writeFile(log, JSON.stringify({ data }));
    const io = captureIo();
    expect(await runCli(['convert-log', log, '-o', dir], io)).toBe(0);
    expect(io.err()).toBe(
      `warning: ${log}: ACCEL_AUTOCAL: median |a| 9.81 g does not fit gravity in g (expected 0.75 to 1.25 g); it fits m/s^2\n`,
    );
    const fixed = captureIo();
    expect(await runCli(['convert-log', log, '-o', dir, '--accel-unit', 'm/s^2'], fixed)).toBe(0);
    expect(fixed.err()).toBe('');
    const recording = await readRecordingFile(join(dir, 'Sensor_Log_ms2.mcap'));
    expect(recording.topics.get('acc_raw')?.values[2]).toBe(9.81);
    const bad = captureIo();
    expect(await runCli(['convert-log', log, '--accel-unit', 'mps2'], bad)).toBe(2);
    expect(bad.err()).toContain('expected g or m/s^2, found "mps2"');
  });

  it('rejects a bad level (exit 2) and a log that is not JSON (exit 1)', async () => {
    expect(await runCli(['convert-log', 'x.json', '--level', 'high'], captureIo())).toBe(2);
    const io = captureIo();
    expect(await runCli(['convert-log', fixturePath('seed', 'basic_synthetic.mcap'), '-o', dir], io)).toBe(1);
    expect(io.err()).toContain('basic_synthetic.mcap');
  });
});
