import { readFileSync } from 'node:fs';
import { McapIndexedReader, McapWriter, TempBuffer } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { MissingTopicError } from './errors.js';
import type { ImuRecording, TopicSeries } from './imu-recording.js';
import { decodeRecording, decodeRecordingStream } from './recording-decoder.js';
import { encodeRecording } from './recording-encoder.js';

const seedBytes = new Uint8Array(readFileSync(fixturePath('seed', 'basic_synthetic.mcap')));

function series(topic: string, times: number[], width: number, f: (i: number, k: number) => number): TopicSeries {
  const values = new Float64Array(times.length * width);
  for (let i = 0; i < times.length; i++) for (let k = 0; k < width; k++) values[i * width + k] = f(i, k);
  return { topic, timestampsNs: BigInt64Array.from(times, (t) => BigInt(t)), values, width };
}

function indexedReader(bytes: Uint8Array) {
  return loadDecompressHandlers().then((decompressHandlers) =>
    McapIndexedReader.Initialize({
      readable: {
        size: async () => BigInt(bytes.length),
        read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
      },
      decompressHandlers,
    }),
  );
}

describe('decodeRecording on the reference file', () => {
  it('reads 1808 samples on each of the 7 topics with the reference values', async () => {
    const recording = await decodeRecording(seedBytes, { fileName: 'basic_synthetic.mcap' });
    expect([...recording.topics.keys()]).toEqual([
      'pose_truth',
      'mag_truth',
      'acc_truth',
      'gyro_truth',
      'mag_raw',
      'acc_raw',
      'gyro_raw',
    ]);
    for (const s of recording.topics.values()) expect(s.timestampsNs.length).toBe(1808);
    const mag = recording.topics.get('mag_raw')!;
    expect(mag.width).toBe(3);
    expect(Array.from(mag.values.subarray(0, 3))).toEqual([3.293072388487375, 1886.7892597766988, -1.0976896196550694]);
    expect(mag.timestampsNs[0]).toBe(0n);
    expect(mag.timestampsNs[1807]).toBe(60233332731n);
    expect(recording.topics.get('pose_truth')!.width).toBe(10);
    expect(recording.metadata).toEqual({});
  });

  it('gives the same samples through the streaming reader', async () => {
    const indexed = await decodeRecording(seedBytes);
    const { recording, truncation } = await decodeRecordingStream(seedBytes);
    expect(truncation).toBeUndefined();
    expect([...recording.topics.keys()].sort()).toEqual([...indexed.topics.keys()].sort());
    for (const [topic, s] of indexed.topics) {
      expect(recording.topics.get(topic)!.values).toEqual(s.values);
      expect(recording.topics.get(topic)!.timestampsNs).toEqual(s.timestampsNs);
    }
  });

  it('filters by topic and by time range [start, end)', async () => {
    const recording = await decodeRecording(seedBytes, {
      topics: ['mag_raw'],
      startTimeNs: 0n,
      endTimeNs: 3_000_000_000n,
    });
    expect([...recording.topics.keys()]).toEqual(['mag_raw']);
    const mag = recording.topics.get('mag_raw')!;
    expect(mag.timestampsNs.length).toBe(91); // 0 … 2999999970 at 33333333 ns
    expect(mag.timestampsNs[90]).toBe(2_999_999_970n);
  });

  it('names a missing topic', async () => {
    await expect(decodeRecording(seedBytes, { topics: ['nope'], fileName: 'seed.mcap' })).rejects.toThrow(
      MissingTopicError,
    );
    await expect(decodeRecording(seedBytes, { topics: ['nope'], fileName: 'seed.mcap' })).rejects.toThrow(
      /seed\.mcap.*nope/,
    );
  });

  it('round-trips the reference recording bit for bit through the writer', async () => {
    const original = await decodeRecording(seedBytes);
    for (const compression of ['zstd', 'lz4', 'none'] as const) {
      const bytes = await encodeRecording(original, { compression });
      const back = await decodeRecording(bytes);
      expect([...back.topics.keys()]).toEqual([...original.topics.keys()]);
      for (const [topic, s] of original.topics) {
        expect(back.topics.get(topic)!.values).toEqual(s.values);
        expect(back.topics.get(topic)!.timestampsNs).toEqual(s.timestampsNs);
      }
    }
  });
});

describe('encodeRecording', () => {
  const recording: ImuRecording = {
    topics: new Map([
      ['mag_raw', series('mag_raw', [0, 10, 20, 30], 3, (i, k) => i * 0.1 + k / 3)],
      ['acc_raw', series('acc_raw', [0, 10, 20, 30], 3, (i, k) => -i * 1e-300 - k * 1e300)],
      [
        'custom/topic',
        series('custom/topic', [5, 25], 2, (i, k) => (k === 0 ? Number.NaN : Number.POSITIVE_INFINITY * (i ? -1 : 1))),
      ],
    ]),
    metadata: {
      units: { mag_raw: 'counts', acc_raw: 'counts' },
      calibration: { mag: { bias: [1, 2, 3], matrix: [0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5] } },
      sampleRateHz: 100,
      extra: { source: 'test', ünïcode: 'välue' },
    },
  };

  it('writes the reference layout that @mcap/core reads', async () => {
    const bytes = await encodeRecording(recording);
    const reader = await indexedReader(bytes);
    expect([...reader.schemasById.values()].map((s) => [s.name, s.encoding, new TextDecoder().decode(s.data)])).toEqual(
      [
        [
          'sensor_event',
          'jsonschema',
          '{"title": "sensor_event", "type": "object", "properties": {"values": {"type": "array", "items": {"type": "number"}}}}',
        ],
      ],
    );
    expect([...reader.channelsById.values()].map((c) => [c.topic, c.messageEncoding])).toEqual([
      ['mag_raw', 'json'],
      ['acc_raw', 'json'],
      ['custom/topic', 'json'],
    ]);
    expect(reader.statistics?.messageCount).toBe(10n);
    expect(reader.chunkIndexes.length).toBeGreaterThan(0);
    expect(reader.chunkIndexes[0]!.compression).toBe('zstd');
    const messages = [];
    for await (const m of reader.readMessages()) messages.push(m);
    expect(messages.map((m) => reader.channelsById.get(m.channelId)!.topic)).toEqual([
      'mag_raw',
      'acc_raw',
      'custom/topic',
      'mag_raw',
      'acc_raw',
      'mag_raw',
      'acc_raw',
      'custom/topic',
      'mag_raw',
      'acc_raw',
    ]);
    const first = messages[0]!;
    expect(first.logTime).toBe(0n);
    expect(first.publishTime).toBe(0n);
    expect(JSON.parse(new TextDecoder().decode(first.data))).toEqual({
      id: 'mag_raw',
      timestamp: 0,
      values: [0, 1 / 3, 2 / 3],
    });
    const metadata = [];
    for await (const m of reader.readMetadata()) metadata.push(m.name);
    expect(metadata).toEqual(['tsc.recording', 'tsc.extra']);
  });

  it('round-trips values (including non-finite), times, unknown topics and metadata', async () => {
    for (const chunkSizeBytes of [1, 100, 1 << 20]) {
      const back = await decodeRecording(await encodeRecording(recording, { chunkSizeBytes }));
      expect(back.metadata).toEqual(recording.metadata);
      expect([...back.topics.keys()]).toEqual([...recording.topics.keys()]);
      for (const [topic, s] of recording.topics) {
        const b = back.topics.get(topic)!;
        expect(b.width).toBe(s.width);
        expect(b.timestampsNs).toEqual(s.timestampsNs);
        expect(Array.from(b.values)).toEqual(Array.from(s.values));
      }
    }
  });

  it('keeps nanosecond timestamps beyond 2^53 exactly', async () => {
    const t0 = 1_700_000_000_123_456_789n;
    const big: ImuRecording = {
      topics: new Map([
        [
          'mag_raw',
          { topic: 'mag_raw', timestampsNs: BigInt64Array.of(t0, t0 + 1n), values: new Float64Array(6), width: 3 },
        ],
      ]),
      metadata: {},
    };
    const back = await decodeRecording(await encodeRecording(big, { compression: 'lz4' }));
    expect(back.topics.get('mag_raw')!.timestampsNs).toEqual(BigInt64Array.of(t0, t0 + 1n));
  });
});

describe("bodyStyle 'python'", () => {
  it('writes every body of the reference file byte for byte as the Python writer did', async () => {
    const decoded = await decodeRecording(seedBytes);
    // The reference registers an unused `pose` channel between gyro_truth and mag_raw.
    const order = ['pose_truth', 'mag_truth', 'acc_truth', 'gyro_truth', 'pose', 'mag_raw', 'acc_raw', 'gyro_raw'];
    const empty = { topic: 'pose', timestampsNs: new BigInt64Array(0), values: new Float64Array(0), width: 10 };
    const original = { ...decoded, topics: new Map(order.map((t) => [t, decoded.topics.get(t) ?? empty])) };
    const bytes = await encodeRecording(original, { bodyStyle: 'python' });
    const channels = async (file: Uint8Array) =>
      [...(await indexedReader(file)).channelsById.values()].map((c) => [c.id, c.topic]);
    expect(await channels(bytes)).toEqual(await channels(seedBytes));
    const bodies = async (file: Uint8Array) => {
      const reader = await indexedReader(file);
      const out: string[] = [];
      for await (const m of reader.readMessages())
        out.push(`${reader.channelsById.get(m.channelId)!.topic} ${m.logTime} ${new TextDecoder().decode(m.data)}`);
      return out;
    };
    const ours = await bodies(bytes);
    const reference = await bodies(seedBytes);
    expect(ours.length).toBe(12_656);
    expect(ours).toEqual(reference);
  });

  it('formats floats as Python repr', async () => {
    const { formatPythonFloat } = await import('./sensor-event-codec.js');
    const cases: [number, string][] = [
      [1.5230868841377836e-5, '1.5230868841377836e-05'],
      [0.0001, '0.0001'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [123456789012345680, '1.2345678901234568e+17'],
      [0, '0.0'],
      [-0, '-0.0'],
      [5, '5.0'],
      [-0.1, '-0.1'],
      [2.5e-7, '2.5e-07'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [5e-324, '5e-324'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ];
    for (const [value, text] of cases) expect(formatPythonFloat(value)).toBe(text);
  });
});

describe('files from other writers (@mcap/core)', () => {
  async function write(options: {
    useChunks: boolean;
    repeatChannels: boolean;
    useStatistics: boolean;
  }): Promise<Uint8Array> {
    const buffer = new TempBuffer();
    const writer = new McapWriter({
      writable: buffer,
      chunkSize: 200,
      repeatSchemas: options.repeatChannels,
      ...options,
    });
    await writer.start({ profile: '', library: 'other' });
    const schemaId = await writer.registerSchema({
      name: 'sensor_event',
      encoding: 'jsonschema',
      data: new Uint8Array(),
    });
    const channelId = await writer.registerChannel({
      topic: 'gyro_raw',
      messageEncoding: 'json',
      schemaId,
      metadata: new Map(),
    });
    for (let i = 0; i < 20; i++) {
      const data = new TextEncoder().encode(`{"id": "gyro_raw", "timestamp": ${i}, "values": [${i}, ${i / 2}, -${i}]}`);
      await writer.addMessage({ channelId, sequence: i, logTime: BigInt(i), publishTime: BigInt(i), data });
    }
    await writer.end();
    return buffer.get();
  }

  it('reads files without chunks, without channels in the summary, without statistics', async () => {
    for (const options of [
      { useChunks: false, repeatChannels: true, useStatistics: true },
      { useChunks: true, repeatChannels: false, useStatistics: false },
      { useChunks: false, repeatChannels: false, useStatistics: false },
    ]) {
      const recording = await decodeRecording(await write(options));
      const gyro = recording.topics.get('gyro_raw')!;
      expect(gyro.timestampsNs.length).toBe(20);
      expect(Array.from(gyro.values.subarray(57))).toEqual([19, 9.5, -19]);
      const { recording: streamed } = await decodeRecordingStream(await write(options));
      expect(streamed.topics.get('gyro_raw')!.values).toEqual(gyro.values);
    }
  });
});
