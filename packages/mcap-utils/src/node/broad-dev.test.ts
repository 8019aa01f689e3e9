// The real BROAD development set vendored in the repository (fixtures/broad-dev): phone sensor logs
// stored as .json.gz, converted end to end.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@tsc/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopicSeries } from '../imu-recording.js';
import { labelEventTimesNs } from '../labels.js';
import { convertPhoneLogText } from '../phone-log.js';
import { medianMagnitude } from '../phone-log-units.js';
import { readLabelsFile } from './json-files.js';
import { convertPhoneLog, type PhoneLogFiles, readPhoneLogText } from './phone-log-file.js';
import { readRecordingFile } from './recording-file.js';

const broadDev = join(repositoryRoot, 'fixtures', 'broad-dev');
const TRIAL = '33_disturbed_attached_magnet_2cm';

/** The index of `timeNs` in the sorted `timestampsNs`, or -1. */
function sampleIndexAt(series: TopicSeries, timeNs: bigint): number {
  return series.timestampsNs.indexOf(timeNs);
}

describe('the vendored BROAD dev set (fixtures/broad-dev)', () => {
  let dir: string;
  let files: PhoneLogFiles;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcap-utils-broad-'));
    files = await convertPhoneLog(join(broadDev, `${TRIAL}.json.gz`), { outputDir: dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`converts ${TRIAL}.json.gz to an MCAP at 95.238 Hz with gravity in m/s² and the field in µT`, async () => {
    const { mcapPath, labelsPath, conversion } = files;
    expect(mcapPath).toBe(join(dir, `${TRIAL}.mcap`));
    expect(labelsPath).toBe(join(dir, `${TRIAL}.labels.json`));
    expect(conversion.warnings).toEqual([]);
    expect(conversion.startTimeNs).toBe(999_999_000n); // START at ts 999999 µs
    expect(conversion.stopTimeNs).toBe(169_966_001_000n);

    const recording = await readRecordingFile(mcapPath);
    expect([...recording.topics.keys()].sort()).toEqual(['acc_raw', 'gyro_raw', 'mag_raw']);
    const mag = recording.topics.get('mag_raw')!;
    const acc = recording.topics.get('acc_raw')!;
    expect(mag.timestampsNs.length).toBe(16_093);
    expect(acc.timestampsNs.length).toBe(16_093);
    expect(recording.topics.get('gyro_raw')!.timestampsNs.length).toBe(16_093);
    const count = mag.timestampsNs.length;
    const spanSec = Number(mag.timestampsNs[count - 1]! - mag.timestampsNs[0]!) / 1e9;
    expect((count - 1) / spanSec).toBeCloseTo(1000 / 10.5, 6); // 95.238 Hz
    const gravity = medianMagnitude(acc.values, 3);
    expect(gravity).toBeGreaterThan(9.7);
    expect(gravity).toBeLessThan(9.95);
    const field = medianMagnitude(mag.values, 3);
    expect(field).toBeGreaterThan(43);
    expect(field).toBeLessThan(45.5);
    expect(recording.metadata.units).toEqual({ mag_raw: 'uT', acc_raw: 'm/s^2', gyro_raw: 'rad/s' });
  });

  it(`lines up the truth label events of ${TRIAL} with the converted recording's samples`, async () => {
    const recording = await readRecordingFile(files.mcapPath);
    const { events } = await readLabelsFile(join(broadDev, `${TRIAL}.labels.json`));
    const first = labelEventTimesNs(events[0]!);
    expect(first.startNs).toBe(10_975_000_000n); // 10.975 s
    for (const topic of ['mag_raw', 'acc_raw', 'gyro_raw']) {
      const series = recording.topics.get(topic)!;
      expect(sampleIndexAt(series, first.startNs)).toBe(950); // (10.975 s − 1 s) / 10.5 ms
      for (const event of events) {
        const { startNs, endNs } = labelEventTimesNs(event);
        expect(sampleIndexAt(series, startNs), `${topic} start of ${event.id}`).toBeGreaterThanOrEqual(0);
        expect(sampleIndexAt(series, endNs), `${topic} end of ${event.id}`).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('converts every vendored trial without unit warnings, each label event inside its log', async () => {
    const names = (await readdir(broadDev)).filter((name) => name.endsWith('.json.gz')).sort();
    expect(names).toHaveLength(8);
    for (const name of names) {
      const path = join(broadDev, name);
      const { recording, warnings, baseName } = convertPhoneLogText(await readPhoneLogText(path), { fileName: path });
      expect(warnings, name).toEqual([]);
      const mag = recording.topics.get('mag_raw')!;
      const { events } = await readLabelsFile(join(broadDev, `${baseName}.labels.json`));
      expect(events.length, name).toBeGreaterThan(0);
      for (const event of events) {
        const { startNs, endNs } = labelEventTimesNs(event);
        expect(sampleIndexAt(mag, startNs), `${name} ${event.id}`).toBeGreaterThanOrEqual(0);
        expect(sampleIndexAt(mag, endNs), `${name} ${event.id}`).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
