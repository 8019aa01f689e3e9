import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import {
  readClassificationFile,
  readSpectrogramFile,
  writeClassificationFile,
  writeSpectrogramFile,
} from './classification-file.js';

describe('classification and spectrogram files on disk', () => {
  it('write through a temporary file and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-cls-'));
    const messages = [
      { logTimeNs: 3n, predictedClassId: 1, label: '1', probabilities: [0.2, 0.8], windowStartNs: 0n, windowEndNs: 3n },
    ];
    await writeClassificationFile(join(dir, 'a.classification.mcap'), messages);
    const frames = [
      { logTimeNs: 3n, features: { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] as [number, number] } },
    ];
    await writeSpectrogramFile(join(dir, 'a.spectrogram.mcap'), frames);
    expect(readdirSync(dir).sort()).toEqual(['a.classification.mcap', 'a.spectrogram.mcap']);
    expect(await readClassificationFile(join(dir, 'a.classification.mcap'))).toEqual(messages);
    expect(await readSpectrogramFile(join(dir, 'a.spectrogram.mcap'))).toEqual(frames);
    await expect(readClassificationFile(join(dir, 'a.spectrogram.mcap'))).rejects.toThrow(
      /a\.spectrogram\.mcap: missing topic "classification"/,
    );
  });

  it('create missing folders, and name the path when a file blocks one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-cls-'));
    const messages = [
      { logTimeNs: 3n, predictedClassId: 0, label: '0', probabilities: [0.9, 0.1], windowStartNs: 0n, windowEndNs: 3n },
    ];
    const frames = [{ logTimeNs: 3n, features: { data: Float32Array.of(1, 2), shape: [1, 2] as [number, number] } }];
    await writeClassificationFile(join(dir, 'out', 'c', 'a.classification.mcap'), messages);
    await writeSpectrogramFile(join(dir, 'out', 's', 'a.spectrogram.mcap'), frames);
    expect(await readClassificationFile(join(dir, 'out', 'c', 'a.classification.mcap'))).toEqual(messages);
    expect(await readSpectrogramFile(join(dir, 'out', 's', 'a.spectrogram.mcap'))).toEqual(frames);

    writeFileSync(join(dir, 'blocker'), 'keep');
    const blocked = join(dir, 'blocker', 'a.classification.mcap');
    await expect(writeClassificationFile(blocked, messages)).rejects.toThrow(InvalidArgumentError);
    await expect(writeSpectrogramFile(join(dir, 'blocker', 'x', 'a.spectrogram.mcap'), frames)).rejects.toThrow(
      `expected a folder at ${join(dir, 'blocker')}, found "a file"`,
    );
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'out']);
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('keep');
  });
});
