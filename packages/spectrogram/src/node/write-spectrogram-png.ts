import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Spectrogram } from '../spectrogram.js';
import { type SpectrogramPngOptions, spectrogramToPng } from '../spectrogram-to-png.js';

/**
 * The process-wide set of temporary paths of writes in progress, shared with `@tsc/mcap-utils/node`
 * (`temporaryFileRegistry`, whose `exitCleanlyOnInterrupt` removes them on SIGINT and SIGTERM) through
 * `Symbol.for('tsc.temporaryFiles')`: this package does not depend on that one.
 */
function temporaryFileRegistry(): Set<string> {
  const holder = globalThis as { [key: symbol]: Set<string> | undefined };
  return (holder[Symbol.for('tsc.temporaryFiles')] ??= new Set<string>());
}

/**
 * Renders a spectrogram to a PNG file (see `spectrogramToPng`). The bytes go to a temporary file in the same
 * directory (`.<name>.<pid>.<random>.tmp`, registered so that an interrupted command removes it, and named so that
 * the next atomic write of `@tsc/mcap-utils` beside it sweeps it if the process was killed), which is then renamed
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
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const registry = temporaryFileRegistry();
  registry.add(temporary);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    registry.delete(temporary);
  }
  return bytes.length;
}
