import { rename, rm, writeFile } from 'node:fs/promises';
import { claimTemporaryPath } from '@tsc/shared/node';
import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { type SpectrogramPngOptions, spectrogramToPng } from '../images/spectrogram-to-png.js';

/**
 * Renders a spectrogram to a PNG file (see `spectrogramToPng`). The bytes go to a temporary file in the same
 * directory (`.<name>.<pid>.<random>.tmp`, claimed with the shared `claimTemporaryPath`: registered so that an
 * interrupted command removes it, and stale ones that a killed run left beside `path` are swept first), which is then renamed
 * over `path`: a failure never leaves a half-written or truncated image.
 *
 * @param path - The PNG file to write.
 * @param spectrogram - The spectrogram.
 * @param options - Colormap, range, scale and orientation.
 * @returns The number of bytes written.
 *
 * @example
 * ```ts
 * import { kaldiFbank } from '@tsc/spectrogram';
 * import { writeSpectrogramPng } from '@tsc/spectrogram/node';
 *
 * const tone = new Float32Array(16000).map((_, n) => Math.sin((2 * Math.PI * 1000 * n) / 16000));
 * await writeSpectrogramPng('tone.png', kaldiFbank(tone), { colormap: 'magma', scale: 4 });
 * ```
 */
export async function writeSpectrogramPng(
  path: string,
  spectrogram: Spectrogram,
  options: SpectrogramPngOptions = {},
): Promise<number> {
  const bytes = spectrogramToPng(spectrogram, options);
  const { temporaryPath: temporary, release } = await claimTemporaryPath(path);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
  return bytes.length;
}
