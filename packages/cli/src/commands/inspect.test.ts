import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
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
      data.push({ ts: t0 + 13 + i * 10_000, type: 'ACCEL_AUTOCAL', values: [0.01, 0.02, 9.81] });
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

  it('rejects a bad level (exit 2) and a log that is not JSON (exit 1)', async () => {
    expect(await runCli(['convert-log', 'x.json', '--level', 'high'], captureIo())).toBe(2);
    const io = captureIo();
    expect(await runCli(['convert-log', fixturePath('seed', 'basic_synthetic.mcap'), '-o', dir], io)).toBe(1);
    expect(io.err()).toContain('basic_synthetic.mcap');
  });
});
