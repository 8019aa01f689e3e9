import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@tsc/shared/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriteError, InvalidArgumentError } from '../errors.js';
import { readClassificationFile, readSpectrogramFile } from './classification-file.js';
import { inspectRecordingFile } from './inspect-file.js';
import { readExperimentFile, readLabelsFile } from './json-files.js';
import { convertPhoneLog } from './phone-log-file.js';
import { RecordingStreamWriter } from './recording-stream-writer.js';

// Fault suite (issue 14, Why 9): file errors name the file the user gave, never a temporary file or nothing.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcap-file-faults-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file faults', () => {
  it('inspecting a folder names it instead of a bare EISDIR', async () => {
    await expect(inspectRecordingFile(dir)).rejects.toThrow(InvalidArgumentError);
    await expect(inspectRecordingFile(dir)).rejects.toThrow(`${dir}: expected a file, found a folder`);
  });

  it('inspecting a missing file names it and what is there instead of a bare ENOENT', async () => {
    const missing = join(dir, 'gone.mcap');
    await expect(inspectRecordingFile(missing)).rejects.toThrow(
      `${missing}: expected a file, found nothing at that path (ENOENT)`,
    );
  });

  it('every reader names a folder or a missing file, with what it expected (Why 9: convertPhoneLog gave EISDIR)', async () => {
    const readers: [string, (path: string) => Promise<unknown>][] = [
      ['a phone log (JSON or gzip JSON)', (path) => convertPhoneLog(path, { outputDir: join(dir, 'out') })],
      ['a labels JSON file', readLabelsFile],
      ['an experiment JSON file', readExperimentFile],
      ['an MCAP file with a classification topic', readClassificationFile],
      ['a spectrogram MCAP file', readSpectrogramFile],
    ];
    const missing = join(dir, 'missing.json');
    for (const [expected, read] of readers) {
      const error = await read(dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ file: dir, expected, found: 'a folder' });
      await expect(read(missing)).rejects.toThrow(
        `${missing}: expected ${expected}, found nothing at that path (ENOENT)`,
      );
    }
    expect(await readdir(dir)).toEqual([]); // convertPhoneLog wrote nothing
  });

  it('writing onto a folder names the folder, not the temporary file, and leaves no temporary file', async () => {
    const target = join(dir, 'out.mcap');
    await mkdir(target);
    const error = await writeFileAtomic(target, 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileWriteError);
    expect(String(error)).toContain(`${target}: cannot write the file: EISDIR (the path is a folder)`);
    expect(String(error)).not.toContain('.tmp');
    const stream = await RecordingStreamWriter.open(target, { compression: 'none' });
    stream.addSample('mag_raw', 1n, [1, 2, 3]);
    await expect(stream.close()).rejects.toThrow(`${target}: cannot write the file: EISDIR`);
    expect(await readdir(dir)).toEqual(['out.mcap']);
  });

  it('refuses a negative sample time in a streamed recording, naming the file, topic and message (Why 6)', async () => {
    const target = join(dir, 'stream.mcap');
    const stream = await RecordingStreamWriter.open(target, { compression: 'none' });
    stream.addSample('mag_raw', 0n, [1, 2, 3]);
    expect(() => stream.addSample('acc_raw', -5n, [1, 2, 3])).toThrow(
      `${target}: acc_raw message 1: expected a log time in [0, 2⁶⁴) ns (MCAP log times are unsigned 64-bit), found -5n`,
    );
    await stream.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('explains a full disk and a file too large, naming the file', () => {
    expect(new FileWriteError('big.mcap', Object.assign(new Error('x'), { code: 'EFBIG' })).message).toBe(
      'big.mcap: cannot write the file: EFBIG (the file is larger than the file system allows)',
    );
    expect(new FileWriteError('a.mcap', { code: 'ENOSPC' }).message).toContain('no space left on the device');
  });
});
