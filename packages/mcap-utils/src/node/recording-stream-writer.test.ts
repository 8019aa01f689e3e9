import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValueWidthError } from '../errors.js';
import type { ImuRecording, TopicSeries } from '../imu-recording.js';
import { readRecordingFile, writeRecordingFile } from './recording-file.js';
import { RecordingStreamWriter } from './recording-stream-writer.js';

describe('RecordingStreamWriter', () => {
  it('streams many chunks to a temporary file and renames it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const path = join(dir, 'long.mcap');
    const writer = await RecordingStreamWriter.open(path, {
      chunkSizeBytes: 16 * 1024,
      topics: ['mag_raw', 'acc_raw'],
    });
    for (let i = 0; i < 20_000; i++) {
      const t = BigInt(i) * 10_000_000n;
      writer.addSample('mag_raw', t, [i, -i / 3, 1e-7 * i]);
      writer.addSample('acc_raw', t, [0, 9.81, i % 7]);
      if (i % 100 === 0) writer.addSample('temperature', t, [21.5]);
    }
    writer.setMetadata({ sampleRateHz: 100, units: { mag_raw: 'uT' } });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toHaveLength(1); // the temporary file
    await writer.close();
    expect(readdirSync(dir)).toEqual(['long.mcap']);
    const back = await readRecordingFile(path);
    expect([...back.topics.keys()]).toEqual(['mag_raw', 'acc_raw', 'temperature']);
    expect(back.metadata).toEqual({ sampleRateHz: 100, units: { mag_raw: 'uT' } });
    const mag = back.topics.get('mag_raw')!;
    expect(mag.timestampsNs.length).toBe(20_000);
    expect(Array.from(mag.values.subarray(3 * 19_999))).toEqual([19_999, -19_999 / 3, 1e-7 * 19_999]);
    expect(back.topics.get('temperature')!.timestampsNs.length).toBe(200);
  });

  it('writes Python-style bodies on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const path = join(dir, 'py.mcap');
    const writer = await RecordingStreamWriter.open(path, { bodyStyle: 'python', compression: 'none' });
    writer.addSample('mag_raw', 5n, [1, 2.5, -0]);
    await writer.close();
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from('{"id": "mag_raw", "timestamp": 5, "values": [1.0, 2.5, -0.0]}'))).toBe(true);
    expect(Array.from((await readRecordingFile(path)).topics.get('mag_raw')!.values)).toEqual([1, 2.5, -0]);
  });

  it('creates missing folders on open, and names the path when a file blocks one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const path = join(dir, 'a', 'b', 'nested.mcap');
    const writer = await RecordingStreamWriter.open(path, { compression: 'none' });
    writer.addSample('mag_raw', 5n, [1, 2, 3]);
    await writer.close();
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['nested.mcap']);
    expect(Array.from((await readRecordingFile(path)).topics.get('mag_raw')!.values)).toEqual([1, 2, 3]);

    writeFileSync(join(dir, 'blocker'), 'keep');
    const blocked = join(dir, 'blocker', 'c', 'long.mcap');
    await expect(RecordingStreamWriter.open(blocked)).rejects.toThrow(InvalidArgumentError);
    await expect(RecordingStreamWriter.open(blocked)).rejects.toMatchObject({
      field: blocked,
      expected: `a folder at ${join(dir, 'blocker')}`,
    });
    expect(readdirSync(dir).sort()).toEqual(['a', 'blocker']);
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('keep');
  });

  it('rejects a sample of the wrong width and leaves the old file on abort', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const path = join(dir, 'keep.mcap');
    writeFileSync(path, 'old');
    const writer = await RecordingStreamWriter.open(path);
    writer.addSample('mag_raw', 0n, [1, 2, 3]);
    expect(() => writer.addSample('mag_raw', 1n, [1, 2])).toThrow(ValueWidthError);
    await writer.abort();
    expect(readdirSync(dir)).toEqual(['keep.mcap']);
  });

  it('writes a recording block by block to the bytes writeRecordingFile writes for it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const recording = sharedTimeRecording(5000);
    const options = { compression: 'zstd', chunkSizeBytes: 32 * 1024 } as const;
    await writeRecordingFile(join(dir, 'whole.mcap'), recording, options);
    const whole = readFileSync(join(dir, 'whole.mcap'));
    for (const lengths of [[5000], [1, 999, 4000], [7, 64, 3]]) {
      const path = join(dir, `blocks-${lengths.join('-')}.mcap`);
      const writer = await RecordingStreamWriter.open(path, {
        ...options,
        metadata: recording.metadata,
        topics: [...recording.topics.keys()],
      });
      for (let first = 0, i = 0; first < 5000; i++) {
        const count = Math.min(lengths[i % lengths.length]!, 5000 - first);
        writer.addBlock(sliceTopics(recording, first, count));
        first += count;
      }
      await writer.close();
      expect(readFileSync(path).equals(whole)).toBe(true);
    }
  });

  it('refuses setMetadata on a writer that wrote its metadata at open, and a block of the wrong width', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-utils-stream-'));
    const writer = await RecordingStreamWriter.open(join(dir, 'm.mcap'), { metadata: { sampleRateHz: 50 } });
    expect(() => writer.setMetadata({ sampleRateHz: 60 })).toThrow(InvalidArgumentError);
    writer.addSample('mag_raw', 0n, [1, 2, 3]);
    const narrow: TopicSeries = {
      topic: 'mag_raw',
      timestampsNs: BigInt64Array.of(1n),
      values: Float64Array.of(1, 2),
      width: 2,
    };
    expect(() => writer.addBlock([narrow])).toThrow(ValueWidthError);
    await writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** Three topics sharing one time base, with metadata. */
function sharedTimeRecording(samples: number): ImuRecording {
  const timestampsNs = BigInt64Array.from({ length: samples }, (_, i) => BigInt(i) * 10_000_000n);
  const series = (topic: string, width: number): [string, TopicSeries] => [
    topic,
    { topic, timestampsNs, values: Float64Array.from({ length: samples * width }, (_, i) => Math.sin(i) * 40), width },
  ];
  return {
    topics: new Map([series('pose_truth', 10), series('mag_raw', 3), series('mag_truth', 3)]),
    metadata: { sampleRateHz: 100, units: { mag_raw: 'counts' }, extra: { note: 'blocks' } },
  };
}

/** Samples [first, first + count) of every topic. */
function sliceTopics(recording: ImuRecording, first: number, count: number): TopicSeries[] {
  return [...recording.topics.values()].map((s) => ({
    ...s,
    timestampsNs: s.timestampsNs.subarray(first, first + count),
    values: s.values.subarray(first * s.width, (first + count) * s.width),
  }));
}
