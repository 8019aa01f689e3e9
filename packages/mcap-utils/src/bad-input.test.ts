import { TscError } from '@tsc/errors';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { doctorRecording } from './doctor-recording.js';
import {
  MalformedMessageError,
  McapCrcError,
  McapFormatError,
  McapTruncatedError,
  MissingTopicError,
  UnsupportedCompressionError,
  ValueWidthError,
} from './errors.js';
import type { ImuRecording } from './imu-recording.js';
import { inspectRecording } from './inspect-recording.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { decodeRecording, decodeRecordingStream } from './recording-decoder.js';
import { encodeRecording } from './recording-encoder.js';

function smallRecording(): ImuRecording {
  const n = 40;
  const timestampsNs = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10_000_000n);
  const series = (topic: string, width: number) => ({
    topic,
    timestampsNs,
    width,
    values: Float64Array.from({ length: n * width }, (_, i) => Math.sin(i) * 1000),
  });
  return {
    topics: new Map([
      ['mag_raw', series('mag_raw', 3)],
      ['pose_truth', series('pose_truth', 10)],
    ]),
    metadata: { sampleRateHz: 100, units: { mag_raw: 'uT' } },
  };
}

async function fileWith(bodies: string[]): Promise<Uint8Array> {
  const sink = new MemorySink();
  const writer = await JsonMcapWriter.create(sink, { compression: 'none' });
  const schemaId = writer.registerSchema({ name: 'sensor_event', data: '{}' });
  const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId });
  bodies.forEach((body, i) => {
    writer.addMessage(channelId, BigInt(i), body);
  });
  writer.finish();
  return sink.toBytes();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const files: Uint8Array[] = [];
beforeAll(async () => {
  const recording = smallRecording();
  for (const compression of ['zstd', 'lz4', 'none'] as const) {
    files.push(await encodeRecording(recording, { compression, chunkSizeBytes: 2048 }));
  }
});

describe('bad input raises typed errors naming the file, the offset and expected vs found', () => {
  it('not an MCAP file', async () => {
    const error = await rejection(decodeRecording(new TextEncoder().encode('{"not": "mcap"}'), { fileName: 'x.json' }));
    expect(error).toBeInstanceOf(McapFormatError);
    expect((error as McapFormatError).message).toMatch(
      /^x\.json: leading magic at offset 0: expected the MCAP magic 89 4d 43 41 50 30 0d 0a, found "7b 22 6e 6f/,
    );
    await expect(decodeRecordingStream(new Uint8Array(3), { fileName: 'y' })).rejects.toThrow(McapTruncatedError);
  });

  it('truncated file: the indexed reader throws, the streaming reader returns what it has', async () => {
    const cut = files[0]!.subarray(0, Math.floor(files[0]!.length * 0.6));
    const error = await rejection(decodeRecording(cut, { fileName: 'cut.mcap' }));
    expect(error).toBeInstanceOf(McapTruncatedError);
    expect((error as Error).message).toMatch(/^cut\.mcap: truncated at byte \d+ of the file, in a Chunk: /);
    const { recording, truncation } = await decodeRecordingStream(cut, { fileName: 'cut.mcap' });
    expect(truncation).toBeDefined();
    expect(truncation!.fileSize).toBe(cut.length);
    expect(recording.topics.get('mag_raw')!.timestampsNs.length).toBeGreaterThan(0);
  });

  it('CRC mismatch in a chunk', async () => {
    const bytes = files[2]!.slice(); // uncompressed chunks: flip a digit inside a body
    const at = bytes.indexOf(0x5b); // '['
    bytes[at + 1] = bytes[at + 1] === 0x31 ? 0x32 : 0x31;
    const error = await rejection(decodeRecording(bytes, { fileName: 'crc.mcap' }));
    expect(error).toBeInstanceOf(McapCrcError);
    expect((error as McapCrcError).record).toBe('Chunk');
    expect((error as Error).message).toMatch(
      /^crc\.mcap: Chunk at offset \d+: CRC mismatch: expected 0x[0-9a-f]{8}, found 0x[0-9a-f]{8}$/,
    );
  });

  it('unknown compression', async () => {
    const bytes = files[1]!.slice();
    const lz4 = new TextEncoder().encode('lz4');
    for (let i = 0; i + 3 <= bytes.length; i++) {
      if (bytes[i] === lz4[0] && bytes[i + 1] === lz4[1] && bytes[i + 2] === lz4[2])
        bytes.set(new TextEncoder().encode('xz9'), i);
    }
    const error = await rejection(decodeRecording(bytes, { fileName: 'u.mcap', verifyCrc: false }));
    expect(error).toBeInstanceOf(UnsupportedCompressionError);
    expect((error as UnsupportedCompressionError).compression).toBe('xz9');
    expect((error as Error).message).toMatch(
      /u\.mcap: chunk at offset \d+: unsupported compression "xz9", expected one of "none", /,
    );
    await expect(decodeRecordingStream(bytes)).rejects.toThrow(UnsupportedCompressionError);
  });

  it('missing topic', async () => {
    const error = await rejection(decodeRecording(files[0]!, { fileName: 'm.mcap', topics: ['gyro_raw'] }));
    expect(error).toBeInstanceOf(MissingTopicError);
    expect((error as Error).message).toBe('m.mcap: missing topic "gyro_raw": expected one of [mag_raw, pose_truth]');
  });

  it('malformed JSON body', async () => {
    for (const [body, expected] of [
      ['{"values": [1, 2', '"," or "]" in "values"'],
      ['{"values": [1, true]}', 'a number'],
      ['{"values": [1, 2.]}', 'a number'],
      ['{"values": "1,2"}', '"values" to be an array'],
      ['{"id": "mag_raw"}', 'a "values" array of numbers'],
      ['[1, 2, 3]', 'a JSON object'],
      ['{"values": [1]} trailing', 'the end of the body'],
      ['{"id":"mag_raw","timestamp":0,"values":[1,2.]}', 'a number'], // our layout, bad number
      ['{"id": "mag_raw", "timestamp": 0, "values": [1, 2]', '"," or "}"'], // Python layout, cut short
    ] as const) {
      const error = await rejection(decodeRecording(await fileWith([body]), { fileName: 'b.mcap' }));
      expect(error).toBeInstanceOf(MalformedMessageError);
      const e = error as MalformedMessageError;
      expect(e.topic).toBe('mag_raw');
      expect(e.expected).toBe(expected);
      expect(e.message).toMatch(
        /^b\.mcap: topic mag_raw message at chunk at \d+, record \d+ \(log time 0 ns\): malformed body: expected /,
      );
    }
  });

  it('values of the wrong width', async () => {
    const bytes = await fileWith(['{"values": [1, 2, 3]}', '{"values": [1, 2]}']);
    const error = await rejection(decodeRecording(bytes, { fileName: 'w.mcap' }));
    expect(error).toBeInstanceOf(ValueWidthError);
    expect((error as Error).message).toBe(
      'w.mcap: topic mag_raw at log time 1 ns: expected 3 values per sample, found 2',
    );
  });
});

describe('corrupted and truncated bytes (property)', () => {
  const mutation = fc.record({
    file: fc.nat({ max: 2 }),
    edits: fc.array(fc.record({ position: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  });

  const apply = ({
    file,
    edits,
    cut,
  }: {
    file: number;
    edits: { position: number; value: number }[];
    cut: number | undefined;
  }) => {
    const bytes = files[file]!.slice();
    for (const { position, value } of edits) bytes[position % bytes.length] = value;
    return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
  };

  const onlyOurErrors = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (!TscError.isInstance(error)) throw error;
    }
  };

  it('both readers either succeed or throw a TscError, and never hang', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (input) => {
        const bytes = apply(input);
        await onlyOurErrors(decodeRecording(bytes));
        await onlyOurErrors(decodeRecordingStream(bytes));
      }),
      { numRuns: 500, seed: 20261124, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('with CRC checks off (so damage reaches the record and body parsers), still only TscErrors', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (input) => {
        const bytes = apply(input);
        await onlyOurErrors(decodeRecording(bytes, { verifyCrc: false }));
        await onlyOurErrors(decodeRecordingStream(bytes, { verifyCrc: false }));
        await onlyOurErrors(inspectRecording(bytes));
        const report = await doctorRecording(bytes); // never throws: damage becomes issues
        if (input.edits.length === 0 && input.cut === undefined) expect(report.issues).toEqual([]);
      }),
      { numRuns: 500, seed: 42, interruptAfterTimeLimit: 20_000 },
    );
  });
});
