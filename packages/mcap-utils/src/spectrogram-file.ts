import { decodeBase64, encodeBase64 } from './base64.js';
import { InvalidArgumentError, MalformedMessageError } from './errors.js';
import { labelTimeFromNs } from './labels.js';
import { bytesSource } from './mcap/byte-source.js';
import type { ChunkCompression } from './mcap/compression.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { readTopicMessages } from './mcap/json-messages.js';
import { decodeNpyRaw, encodeNpyRaw } from './npy.js';

/** Topic (and schema name) of the model input features, as the reference. */
export const INPUT_VALUES_TOPIC = 'input_values';
/** Topic of the PNG pictures of the features, as the reference. */
export const SPECTROGRAM_TOPIC = 'spectrogram';

/** The `input_values` JSON schema. */
export const INPUT_VALUES_SCHEMA_DATA = JSON.stringify({
  title: 'input_values',
  type: 'object',
  properties: { data: { type: 'string', contentEncoding: 'base64' } },
});

/** The `foxglove.CompressedImage` JSON schema (with the reference's extra `id`). */
export const COMPRESSED_IMAGE_SCHEMA_DATA = JSON.stringify({
  title: 'foxglove.CompressedImage',
  type: 'object',
  properties: {
    timestamp: { type: 'object', properties: { sec: { type: 'integer' }, nsec: { type: 'integer' } } },
    frame_id: { type: 'string' },
    id: { type: 'string' },
    data: { type: 'string', contentEncoding: 'base64' },
    format: { type: 'string' },
  },
});

/** A spectrogram's features: flat row-major values and their shape. */
export interface SpectrogramFeatures {
  /** Values, row-major `[frames, melBins]`. */
  readonly data: Float32Array;
  /** `[frames, melBins]`. */
  readonly shape: readonly [number, number];
}

/** One spectrogram window: the model input features and, optionally, a PNG of them. */
export interface SpectrogramFrame {
  /** Log time (ns); the reference uses the window's end. */
  readonly logTimeNs: bigint;
  /** Features, row-major `[frames, melBins]` (e.g. `[1024, 128]`). */
  readonly features: SpectrogramFeatures;
  /** PNG bytes of the picture, written to the `spectrogram` topic when present. */
  readonly png?: Uint8Array;
}

/** Options of {@link encodeSpectrogram}. */
export interface SpectrogramWriteOptions {
  /** Chunk compression. Defaults to `'zstd'` in Node and `'lz4'` in browsers (no zstd compressor is bundled there). */
  compression?: ChunkCompression;
  /** Target uncompressed chunk size (bytes). Defaults to 4 MiB (frames are about 0.7 MB of base64). */
  chunkSizeBytes?: number;
  /** The header's `library` field. Defaults to `'@tsc/mcap-utils'`. */
  library?: string;
}

/**
 * Encodes spectrogram frames as the reference's `.spectrogram.mcap`: topic `input_values`
 * (body `{"data": base64 .npy}`; the array is stored as the reference stores it, shape
 * `(melBins, frames)` with `fortran_order: True`, whose bytes are exactly our row-major
 * `[frames, melBins]`), and for frames with a PNG, topic `spectrogram` (`foxglove.CompressedImage`,
 * `{"data", "format": "png", "id": "spectrogram", "timestamp": {sec, nsec}}`).
 *
 * @example
 * ```ts
 * import { encodeSpectrogram } from '@tsc/mcap-utils';
 *
 * const data = new Float32Array(1024 * 128); // one window of AST features
 * const bytes = await encodeSpectrogram([{ logTimeNs: 3_000_000_000n, features: { data, shape: [1024, 128] } }]);
 * ```
 */
export async function encodeSpectrogram(
  frames: readonly SpectrogramFrame[],
  { compression, chunkSizeBytes = 4 * 1024 * 1024, library = '@tsc/mcap-utils' }: SpectrogramWriteOptions = {},
): Promise<Uint8Array> {
  const sink = new MemorySink();
  const writer = await JsonMcapWriter.create(sink, { compression, chunkSizeBytes, library });
  const inputSchema = writer.registerSchema({ name: INPUT_VALUES_TOPIC, data: INPUT_VALUES_SCHEMA_DATA });
  const inputChannel = writer.registerChannel({ topic: INPUT_VALUES_TOPIC, schemaId: inputSchema });
  let imageChannel: number | undefined;
  frames.forEach((frame, i) => {
    const [frameCount, bins] = frame.features.shape;
    if (frame.features.data.length !== frameCount * bins) {
      throw new InvalidArgumentError(
        `frames[${i}].features`,
        `${frameCount} × ${bins} values`,
        frame.features.data.length,
      );
    }
    const npy = encodeNpyRaw(frame.features.data, [bins, frameCount], true);
    writer.addMessage(inputChannel, frame.logTimeNs, `{"data":"${encodeBase64(npy)}"}`);
    if (frame.png !== undefined) {
      if (imageChannel === undefined) {
        const imageSchema = writer.registerSchema({
          name: 'foxglove.CompressedImage',
          data: COMPRESSED_IMAGE_SCHEMA_DATA,
        });
        imageChannel = writer.registerChannel({ topic: SPECTROGRAM_TOPIC, schemaId: imageSchema });
      }
      const { sec, nsec } = labelTimeFromNs(frame.logTimeNs);
      writer.addMessage(
        imageChannel,
        frame.logTimeNs,
        `{"data":"${encodeBase64(frame.png)}","format":"png","id":"spectrogram","timestamp":{"sec":${sec},"nsec":${nsec}}}`,
      );
    }
  });
  writer.finish();
  return sink.toBytes();
}

/** Options of {@link decodeSpectrogram}. */
export interface SpectrogramReadOptions {
  /** The name used in error messages. Defaults to `'<memory>'`. */
  fileName?: string;
}

function base64Field(text: string, file: string, topic: string, logTimeNs: bigint, where: string): Uint8Array {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedMessageError(file, topic, logTimeNs, where, 'a JSON object', text.slice(0, 40));
  }
  const data = (body as { data?: unknown } | null)?.data;
  const bytes = typeof data === 'string' ? decodeBase64(data) : undefined;
  if (bytes === undefined)
    throw new MalformedMessageError(file, topic, logTimeNs, where, 'a base64 string "data"', data);
  return bytes;
}

/**
 * Decodes a `.spectrogram.mcap` (ours or the reference's): one frame per `input_values` message,
 * features returned row-major `[frames, melBins]` (the stored `(melBins, frames)` array
 * transposed back), with the PNG of the `spectrogram` message at the same log time if any.
 *
 * @throws MissingTopicError without `input_values`; MalformedMessageError for bad bodies.
 */
export async function decodeSpectrogram(
  bytes: Uint8Array,
  { fileName = '<memory>' }: SpectrogramReadOptions = {},
): Promise<SpectrogramFrame[]> {
  const source = bytesSource(bytes, fileName);
  const all = await readTopicMessages(source, [INPUT_VALUES_TOPIC], [SPECTROGRAM_TOPIC]);
  const images = new Map(
    all
      .get(SPECTROGRAM_TOPIC)!
      .map((m) => [m.logTimeNs, base64Field(m.text, fileName, SPECTROGRAM_TOPIC, m.logTimeNs, m.where)]),
  );
  return all.get(INPUT_VALUES_TOPIC)!.map((m) => {
    const npy = base64Field(m.text, fileName, INPUT_VALUES_TOPIC, m.logTimeNs, m.where);
    let decoded: ReturnType<typeof decodeNpyRaw>;
    try {
      decoded = decodeNpyRaw(npy);
    } catch (error) {
      throw new MalformedMessageError(
        fileName,
        INPUT_VALUES_TOPIC,
        m.logTimeNs,
        m.where,
        'a float32 .npy array',
        (error as Error).message,
      );
    }
    const { data, header } = decoded;
    if (header.shape.length !== 2) {
      throw new MalformedMessageError(
        fileName,
        INPUT_VALUES_TOPIC,
        m.logTimeNs,
        m.where,
        'a 2-D (melBins, frames) array',
        header.shape,
      );
    }
    const [bins, frameCount] = header.shape as [number, number];
    let features: Float32Array = data;
    if (!header.fortranOrder) {
      // C-ordered (melBins, frames): transpose to row-major [frames, melBins].
      features = new Float32Array(data.length);
      for (let b = 0; b < bins; b++)
        for (let f = 0; f < frameCount; f++) features[f * bins + b] = data[b * frameCount + f]!;
    }
    const png = images.get(m.logTimeNs);
    const frame: SpectrogramFrame = { logTimeNs: m.logTimeNs, features: { data: features, shape: [frameCount, bins] } };
    return png === undefined ? frame : { ...frame, png };
  });
}
