import { McapIndexedReader } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';
import { MissingTopicError } from './errors.js';
import { decodeNpy } from './npy.js';
import { encodeRecording } from './recording-encoder.js';
import { decodeSpectrogram, encodeSpectrogram, type SpectrogramFrame } from './spectrogram-file.js';

const features = (frames: number, bins: number, seed: number) => ({
  data: Float32Array.from({ length: frames * bins }, (_, i) => Math.fround(Math.sin(i + seed))),
  shape: [frames, bins] as [number, number],
});

describe('spectrogram files', () => {
  it('round-trips features and PNGs', async () => {
    const frames: SpectrogramFrame[] = [
      { logTimeNs: 3_000_000_000n, features: features(16, 8, 1), png: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3) },
      { logTimeNs: 13_000_000_000n, features: features(16, 8, 2) },
    ];
    expect(await decodeSpectrogram(await encodeSpectrogram(frames))).toEqual(frames);
  });

  it('stores input_values as the reference: (melBins, frames) in Fortran order, base64 in {"data"}', async () => {
    const frame = { logTimeNs: 5n, features: features(6, 4, 3), png: Uint8Array.of(1, 2) };
    const bytes = await encodeSpectrogram([frame]);
    const reader = await McapIndexedReader.Initialize({
      readable: {
        size: async () => BigInt(bytes.length),
        read: async (o, l) => bytes.subarray(Number(o), Number(o + l)),
      },
      decompressHandlers: await loadDecompressHandlers(),
    });
    const topics = new Map([...reader.channelsById.values()].map((c) => [c.id, c.topic]));
    const schemas = [...reader.schemasById.values()].map((x) => x.name);
    expect(schemas).toEqual(['input_values', 'foxglove.CompressedImage']);
    const bodies = new Map<string, Record<string, unknown>>();
    for await (const m of reader.readMessages())
      bodies.set(topics.get(m.channelId)!, JSON.parse(new TextDecoder().decode(m.data)));
    const stored = decodeNpy(decodeBase64(bodies.get('input_values')!.data as string)!);
    expect(stored.shape).toEqual([4, 6]);
    expect(stored.data[1 * 6 + 2]).toBe(frame.features.data[2 * 4 + 1]); // stored[bin][frame] = ours[frame][bin]
    expect(bodies.get('spectrogram')).toEqual({
      data: 'AQI=',
      format: 'png',
      id: 'spectrogram',
      timestamp: { sec: 0, nsec: 5 },
    });
  });

  it('names a missing input_values topic', async () => {
    await expect(decodeSpectrogram(await encodeRecording({ topics: new Map(), metadata: {} }))).rejects.toThrow(
      MissingTopicError,
    );
  });
});
