import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { MessageOrderError, MissingTopicError } from '../errors.js';
import type { ImuRecording, TopicSeries } from '../imu-recording.js';
import { JsonMcapWriter, MemorySink } from '../mcap/json-mcap-writer.js';
import type { RecordingBlock, RecordingReadOptions } from '../recording-decoder.js';
import { iterateRecordingBlocks, readRecordingFile, writeRecordingFile } from './recording-file.js';

const seed = fixturePath('seed', 'basic_synthetic.mcap');

/** Every block of a file, and each topic's blocks concatenated. */
async function readBlocks(path: string, options: RecordingReadOptions = {}) {
  const blocks: RecordingBlock[] = [];
  for await (const block of iterateRecordingBlocks(path, options)) blocks.push(block);
  const joined = new Map<string, TopicSeries>();
  for (const block of blocks) {
    for (const [topic, series] of block.topics) {
      const before = joined.get(topic);
      joined.set(
        topic,
        before === undefined
          ? series
          : {
              ...series,
              timestampsNs: BigInt64Array.from([...before.timestampsNs, ...series.timestampsNs]),
              values: Float64Array.from([...before.values, ...series.values]),
            },
      );
    }
  }
  return { blocks, joined };
}

/** A 100 Hz recording of `seconds` with three sensor topics. */
function recordingOf(seconds: number): ImuRecording {
  const n = seconds * 100;
  const timestampsNs = BigInt64Array.from({ length: n }, (_, i) => 5_000_000_000n + BigInt(i) * 10_000_000n);
  const series = (topic: string, phase: number): TopicSeries => ({
    topic,
    timestampsNs,
    width: 3,
    values: Float64Array.from({ length: n * 3 }, (_, i) => 40 * Math.sin(i / 7 + phase)),
  });
  return {
    topics: new Map([
      ['mag_raw', series('mag_raw', 0)],
      ['acc_raw', series('acc_raw', 1)],
      ['gyro_raw', series('gyro_raw', 2)],
    ]),
    metadata: {},
  };
}

describe('iterateRecordingBlocks', () => {
  it('gives, concatenated per topic, what readRecordingFile reads (the reference file)', async () => {
    const whole = await readRecordingFile(seed);
    const { blocks, joined } = await readBlocks(seed);
    expect(blocks.length).toBeGreaterThan(0);
    expect([...joined.keys()].sort()).toEqual([...whole.topics.keys()].sort());
    for (const [topic, series] of whole.topics) {
      expect(joined.get(topic)!.timestampsNs).toEqual(series.timestampsNs);
      expect(joined.get(topic)!.values).toEqual(series.values);
      expect(joined.get(topic)!.width).toBe(series.width);
    }
  });

  it('holds one chunk at a time: a long file in many small blocks, in time order, with topic and time filters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcap-blocks-'));
    const path = join(dir, 'long.mcap');
    const recording = recordingOf(120);
    await writeRecordingFile(path, recording, { chunkSizeBytes: 64 * 1024 });
    const { blocks, joined } = await readBlocks(path, { topics: ['mag_raw', 'gyro_raw'] });
    expect(blocks.length).toBeGreaterThan(20);
    const largest = Math.max(...blocks.map((block) => block.topics.get('mag_raw')?.timestampsNs.length ?? 0));
    expect(largest).toBeLessThan(12_000 / 20);
    expect([...joined.keys()].sort()).toEqual(['gyro_raw', 'mag_raw']);
    expect(joined.get('mag_raw')!.timestampsNs).toEqual(recording.topics.get('mag_raw')!.timestampsNs);
    expect(joined.get('gyro_raw')!.values).toEqual(recording.topics.get('gyro_raw')!.values);
    const startTimeNs = 35_000_000_000n;
    const endTimeNs = 65_000_000_000n;
    const cut = await readBlocks(path, { topics: ['acc_raw'], startTimeNs, endTimeNs });
    const wholeCut = await readRecordingFile(path, { topics: ['acc_raw'], startTimeNs, endTimeNs });
    expect(cut.joined.get('acc_raw')!.timestampsNs).toEqual(wholeCut.topics.get('acc_raw')!.timestampsNs);
  });

  it('names the file and topic of a missing topic before reading any chunk', async () => {
    const blocks = iterateRecordingBlocks(seed, { topics: ['mag_raw', 'temperature'] });
    await expect(blocks.next()).rejects.toThrow(MissingTopicError);
    await expect(iterateRecordingBlocks(seed, { topics: ['temperature'] }).next()).rejects.toThrow(
      `${seed}: missing topic "temperature"`,
    );
  });

  it('refuses chunks that overlap in time for a topic, naming the file, topic and times', async () => {
    const sink = new MemorySink();
    const writer = await JsonMcapWriter.create(sink, { compression: 'none', chunkSizeBytes: 80 });
    const schemaId = writer.registerSchema({ name: 'sensor_event', data: '{}' });
    const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId });
    // two messages per chunk: [0, 10] then [5, 7], which goes back from 10 to 5
    for (const t of [0n, 10n, 5n, 7n]) writer.addMessage(channelId, t, `{"values": [${t}, 0, 0]}`);
    writer.finish();
    const dir = mkdtempSync(join(tmpdir(), 'mcap-blocks-'));
    const path = join(dir, 'overlap.mcap');
    writeFileSync(path, sink.toBytes());
    const whole = await readRecordingFile(path);
    expect(whole.topics.get('mag_raw')!.timestampsNs).toEqual(BigInt64Array.of(0n, 5n, 7n, 10n));
    await expect(readBlocks(path)).rejects.toThrow(MessageOrderError);
    await expect(readBlocks(path)).rejects.toThrow(`${path}: topic mag_raw:`);
  });
});
