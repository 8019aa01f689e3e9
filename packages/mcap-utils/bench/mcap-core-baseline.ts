// The straightforward path with @mcap/core: one awaited addMessage per sample with
// JSON.stringify bodies, and McapIndexedReader.readMessages with JSON.parse per message.
// Measured once by `pnpm bench` (BENCH_BASELINE=0 skips it) to justify the hand-built path.

import zstd from '@foxglove/wasm-zstd';
import { McapIndexedReader, McapWriter, TempBuffer } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import type { ImuRecording } from '../src/index.js';

export async function writeWithMcapCore(recording: ImuRecording): Promise<Uint8Array> {
  await zstd.isLoaded;
  const buffer = new TempBuffer();
  const writer = new McapWriter({
    writable: buffer,
    chunkSize: 1024 * 1024,
    compressChunk: (data) => ({ compression: 'zstd', compressedData: zstd.compress(data, 1) }),
  });
  await writer.start({ profile: '', library: 'bench' });
  const schemaId = await writer.registerSchema({
    name: 'sensor_event',
    encoding: 'jsonschema',
    data: new TextEncoder().encode('{}'),
  });
  const series = [...recording.topics.values()];
  const channels: number[] = [];
  for (const s of series)
    channels.push(
      await writer.registerChannel({ topic: s.topic, messageEncoding: 'json', schemaId, metadata: new Map() }),
    );
  const encoder = new TextEncoder();
  const count = series[0]!.timestampsNs.length;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < series.length; j++) {
      const s = series[j]!;
      const t = s.timestampsNs[i]!;
      const body = JSON.stringify({
        id: s.topic,
        timestamp: Number(t),
        values: Array.from(s.values.subarray(i * s.width, (i + 1) * s.width)),
      });
      await writer.addMessage({
        channelId: channels[j]!,
        sequence: 0,
        logTime: t,
        publishTime: t,
        data: encoder.encode(body),
      });
    }
  }
  await writer.end();
  return buffer.get();
}

export async function readWithMcapCore(bytes: Uint8Array): Promise<number> {
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: async () => BigInt(bytes.length),
      read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
    },
    decompressHandlers: await loadDecompressHandlers(),
  });
  const decoder = new TextDecoder();
  let values = 0;
  for await (const message of reader.readMessages())
    values += (JSON.parse(decoder.decode(message.data)) as { values: number[] }).values.length;
  return values;
}
