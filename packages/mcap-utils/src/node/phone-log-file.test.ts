import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { samplePhoneLog } from '../__fixtures__/sample-phone-log.js';
import { InvalidArgumentError } from '../errors.js';
import { readExperimentFile, readLabelsFile } from './json-files.js';
import { convertPhoneLog, readPhoneLogText } from './phone-log-file.js';
import { readRecordingFile } from './recording-file.js';

describe('convertPhoneLog', () => {
  it('writes the MCAP, labels and experiment beside the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-phone-'));
    const input = join(dir, 'Sensor_Log_B.json');
    writeFileSync(input, samplePhoneLog());
    const { mcapPath, labelsPath, experimentPath } = await convertPhoneLog(input);
    expect(readdirSync(dir).sort()).toEqual([
      'Sensor_Log_B.experiment.json',
      'Sensor_Log_B.json',
      'Sensor_Log_B.labels.json',
      'Sensor_Log_B.mcap',
    ]);
    const recording = await readRecordingFile(mcapPath);
    expect(recording.topics.get('acc_raw')!.timestampsNs.length).toBe(50);
    expect(recording.metadata.extra?.source_type).toBe('recorded_log');
    expect((await readLabelsFile(labelsPath)).events).toHaveLength(1);
    expect((await readExperimentFile(experimentPath)).dirname).toBe('recorded_logs/Sensor_Log_B');
  });

  it('creates a missing output folder, and names the path when a file blocks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-phone-'));
    const input = join(dir, 'Sensor_Log_C.json');
    writeFileSync(input, samplePhoneLog());
    const outputDir = join(dir, 'converted', 'logs');
    const { mcapPath } = await convertPhoneLog(input, { outputDir });
    expect(readdirSync(outputDir).sort()).toEqual([
      'Sensor_Log_C.experiment.json',
      'Sensor_Log_C.labels.json',
      'Sensor_Log_C.mcap',
    ]);
    expect((await readRecordingFile(mcapPath)).topics.get('mag_raw')!.timestampsNs.length).toBe(50);

    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'keep');
    const conversion = convertPhoneLog(input, { outputDir: join(blocker, 'logs') });
    await expect(conversion).rejects.toThrow(InvalidArgumentError);
    await expect(conversion).rejects.toThrow(
      `${join(blocker, 'logs', 'Sensor_Log_C.mcap')}: expected a folder at ${blocker}, found "a file"`,
    );
    expect(readdirSync(dir).sort()).toEqual(['Sensor_Log_C.json', 'blocker', 'converted']);
    expect(readFileSync(blocker, 'utf8')).toBe('keep');
  });

  it('reads gzip-compressed logs (.json.gz) and names the outputs without .json.gz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-phone-'));
    const input = join(dir, 'Sensor_Log_D.json.gz');
    writeFileSync(input, gzipSync(samplePhoneLog()));
    const { mcapPath, labelsPath, conversion } = await convertPhoneLog(input);
    expect(mcapPath).toBe(join(dir, 'Sensor_Log_D.mcap'));
    expect(labelsPath).toBe(join(dir, 'Sensor_Log_D.labels.json'));
    expect(conversion.recording.metadata.extra?.source_file).toBe('Sensor_Log_D.json.gz');
    const recording = await readRecordingFile(mcapPath);
    expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBe(50);
    expect(recording.topics.get('acc_raw')!.values[2]).toBeCloseTo(1.0003 * 9.80665, 12);
    // recognised by its bytes, not its name
    const renamed = join(dir, 'compressed.json');
    writeFileSync(renamed, gzipSync(samplePhoneLog()));
    expect(await readPhoneLogText(renamed)).toBe(samplePhoneLog());
  });

  it('names the file when its gzip data is cut short, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-phone-'));
    const input = join(dir, 'cut.json.gz');
    const compressed = gzipSync(samplePhoneLog());
    writeFileSync(input, compressed.subarray(0, compressed.length >> 1));
    const conversion = convertPhoneLog(input);
    await expect(conversion).rejects.toThrow(InvalidArgumentError);
    await expect(conversion).rejects.toThrow(
      `${input}: expected a complete gzip stream of the log JSON, found "unexpected end of file"`,
    );
    expect(readdirSync(dir)).toEqual(['cut.json.gz']);
  });
});
