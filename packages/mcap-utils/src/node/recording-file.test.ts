import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, McapTruncatedError } from '../errors.js';
import { readRecordingFile, readRecordingStream, writeRecordingFile } from './recording-file.js';

const seed = fixturePath('seed', 'basic_synthetic.mcap');

describe('recording files', () => {
  it('reads the reference file and writes it back through a temporary file', async () => {
    const recording = await readRecordingFile(seed);
    expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBe(1808);
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-'));
    const path = join(dir, 'copy.mcap');
    await writeRecordingFile(path, recording);
    expect(readdirSync(dir)).toEqual(['copy.mcap']);
    const back = await readRecordingFile(path, { topics: ['acc_raw'] });
    expect(back.topics.get('acc_raw')!.values).toEqual(recording.topics.get('acc_raw')!.values);
  });

  it('creates missing folders, and names the path when a file blocks one', async () => {
    const recording = await readRecordingFile(seed, { topics: ['mag_raw'] });
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-'));
    const path = join(dir, 'runs', '2026', 'copy.mcap');
    await writeRecordingFile(path, recording);
    expect(readdirSync(join(dir, 'runs', '2026'))).toEqual(['copy.mcap']);
    expect((await readRecordingFile(path)).topics.get('mag_raw')!.values).toEqual(
      recording.topics.get('mag_raw')!.values,
    );
    const blocked = join(dir, 'runs', '2026', 'copy.mcap', 'inner', 'x.mcap');
    await expect(writeRecordingFile(blocked, recording)).rejects.toThrow(InvalidArgumentError);
    await expect(writeRecordingFile(blocked, recording)).rejects.toThrow(
      `${blocked}: expected a folder at ${path}, found "a file"`,
    );
    expect(readdirSync(join(dir, 'runs', '2026'))).toEqual(['copy.mcap']);
  });

  it('leaves the old file in place when writing fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-'));
    const path = join(dir, 'keep.mcap');
    writeFileSync(path, 'old');
    const bad = {
      topics: new Map([
        ['x', { topic: 'x', timestampsNs: BigInt64Array.of(0n), values: new Float64Array(2), width: 3 }],
      ]),
      metadata: {},
    };
    await expect(writeRecordingFile(path, bad)).rejects.toThrow(/3 values/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['keep.mcap']);
  });

  it('streams a truncated file up to the last complete record', async () => {
    const bytes = readFileSync(seed);
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-'));
    const path = join(dir, 'cut.mcap');
    writeFileSync(path, bytes.subarray(0, 400_000)); // inside the second chunk
    const { recording, truncation } = await readRecordingStream(path);
    expect(truncation?.offset).toBeGreaterThan(0);
    expect(truncation?.fileSize).toBe(400_000);
    expect(truncation?.record).toBe('Chunk');
    // the indexed reader names the same record, at the same absolute offset in the file
    await expect(readRecordingFile(path)).rejects.toThrow(McapTruncatedError);
    await expect(readRecordingFile(path)).rejects.toMatchObject({
      file: path,
      offset: truncation!.offset,
      record: 'Chunk',
      foundBytes: 400_000 - truncation!.offset,
    });
    const mag = recording.topics.get('mag_raw')!;
    expect(mag.timestampsNs.length).toBeGreaterThan(100);
    expect(mag.timestampsNs.length).toBeLessThan(1808);
  });
});
