import { readInputFile, writeFileAtomic } from '@tsc/shared/node';
import {
  type ClassificationMessage,
  type ClassificationWriteOptions,
  decodeClassification,
  encodeClassification,
} from '../classification.js';
import {
  decodeSpectrogram,
  encodeSpectrogram,
  type SpectrogramFrame,
  type SpectrogramWriteOptions,
} from '../spectrogram-file.js';

/**
 * Writes predictions to a `.classification.mcap` file (topic `classification`) through a
 * temporary file renamed into place. Missing folders above `path` are created.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file).
 *
 * @example
 * ```ts
 * import { writeClassificationFile } from '@tsc/mcap-utils/node';
 *
 * const messages = [
 *   { logTimeNs: 3_000_000_000n, predictedClassId: 0, label: '0', probabilities: [0.9, 0.1, 0], windowStartNs: 0n, windowEndNs: 3_000_000_000n },
 *   { logTimeNs: 6_000_000_000n, predictedClassId: 2, label: '2', probabilities: [0.1, 0.2, 0.7], windowStartNs: 3_000_000_000n, windowEndNs: 6_000_000_000n },
 * ];
 * await writeClassificationFile('run.classification.mcap', messages);
 * ```
 */
export async function writeClassificationFile(
  path: string,
  messages: readonly ClassificationMessage[],
  options: ClassificationWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, await encodeClassification(messages, options));
}

/** Reads the `classification` topic of an MCAP file (ours or the reference's); errors name `path` (a missing file or a folder too). */
export async function readClassificationFile(path: string): Promise<ClassificationMessage[]> {
  const bytes = await readInputFile(path, { expected: 'an MCAP file with a classification topic' });
  return decodeClassification(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: path });
}

/**
 * Writes a `.spectrogram.mcap` (topics `input_values` and, for frames with a PNG, `spectrogram`)
 * through a temporary file renamed into place. Missing folders above `path` are created.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file).
 *
 * @example
 * ```ts
 * import { writeSpectrogramFile } from '@tsc/mcap-utils/node';
 *
 * const data = new Float32Array(1024 * 128); // one window of AST features
 * await writeSpectrogramFile('run.spectrogram.mcap', [{ logTimeNs: 3_000_000_000n, features: { data, shape: [1024, 128] } }]);
 * ```
 */
export async function writeSpectrogramFile(
  path: string,
  frames: readonly SpectrogramFrame[],
  options: SpectrogramWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, await encodeSpectrogram(frames, options));
}

/** Reads a `.spectrogram.mcap` (ours or the reference's); features come back row-major `[frames, melBins]`. */
export async function readSpectrogramFile(path: string): Promise<SpectrogramFrame[]> {
  const bytes = await readInputFile(path, { expected: 'a spectrogram MCAP file' });
  return decodeSpectrogram(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: path });
}
