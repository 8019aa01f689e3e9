import { encode } from 'fast-png';
import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { checkInteger, checkNumber, checkOneOf, SpectrogramOptionsError } from '../errors.js';
import { COLORMAP_NAMES, type ColormapName, colormapTable } from './colormap.js';

/** Options of {@link spectrogramToPng}. */
export interface SpectrogramPngOptions {
  /** The colormap. Defaults to `viridis`. */
  colormap?: ColormapName;
  /** Value mapped to the bottom of the colormap. Defaults to the data minimum. */
  min?: number;
  /** Value mapped to the top of the colormap. Defaults to the data maximum. */
  max?: number;
  /** Pixels per cell (nearest-neighbour upscaling), an integer ≥ 1. Defaults to 1. */
  scale?: number;
  /**
   * Image orientation: `frequency-up` draws time left to right and bin 0 at the bottom (the usual spectrogram
   * picture); `rows` draws the array as stored, frame `t` as pixel row `t`. Defaults to `frequency-up`.
   */
  orientation?: 'frequency-up' | 'rows';
}

/**
 * Renders a spectrogram as an 8-bit RGB PNG with a perceptual colormap (encoded by `fast-png`; runs in the
 * browser). Values outside `[min, max]` are clamped; non-finite values are drawn as the bottom colour.
 *
 * @returns The PNG file bytes.
 * @throws {@link SpectrogramOptionsError} on an empty spectrogram or invalid options.
 *
 * @example
 * ```ts
 * import { sensorSpectrogram, spectrogramToPng } from '@tsc/spectrogram';
 *
 * // 3 s at 100 Hz: a 45 µT field turning slowly about the vertical, gravity along z, a steady yaw rate
 * const mag = new Float64Array(300 * 3);
 * const acc = new Float64Array(300 * 3);
 * const gyro = new Float64Array(300 * 3);
 * for (let i = 0; i < 300; i++) {
 *   mag.set([20 * Math.cos(i / 50), 20 * Math.sin(i / 50), -40], i * 3);
 *   acc.set([0, 0, 9.81], i * 3);
 *   gyro.set([0, 0, 2], i * 3);
 * }
 * const png = spectrogramToPng(sensorSpectrogram({ sampleRateHz: 100, mag, acc, gyro }), {
 *   colormap: 'magma',
 *   min: -1,
 *   max: 1,
 *   scale: 4,
 * }); // the PNG file's bytes
 * ```
 */
export function spectrogramToPng(
  spectrogram: Spectrogram,
  { colormap = 'viridis', min, max, scale = 1, orientation = 'frequency-up' }: SpectrogramPngOptions = {},
): Uint8Array {
  const { data, shape } = spectrogram ?? {};
  if (!(data instanceof Float32Array) || !Array.isArray(shape) || shape.length !== 2) {
    throw new SpectrogramOptionsError('spectrogram', '{ data: Float32Array, shape: [frames, bins] }', spectrogram);
  }
  const [frames, bins] = shape;
  if (frames < 1 || bins < 1 || data.length !== frames * bins) {
    throw new SpectrogramOptionsError('spectrogram.shape', `non-empty and matching data.length ${data.length}`, shape);
  }
  checkOneOf('colormap', colormap, COLORMAP_NAMES);
  checkOneOf('orientation', orientation, ['frequency-up', 'rows'] as const);
  checkInteger('scale', scale, 1, 64);
  let low = Infinity;
  let high = -Infinity;
  if (min === undefined || max === undefined) {
    for (const v of data) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  low = min === undefined ? low : checkNumber('min', min);
  high = max === undefined ? high : checkNumber('max', max);
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new SpectrogramOptionsError('spectrogram.data', 'at least one finite value', data);
  }
  const span = high > low ? high - low : 1;
  const table = colormapTable(colormap);
  const cellsWide = orientation === 'rows' ? bins : frames;
  const cellsHigh = orientation === 'rows' ? frames : bins;
  const width = cellsWide * scale;
  const height = cellsHigh * scale;
  const pixels = new Uint8Array(width * height * 3);
  for (let cy = 0; cy < cellsHigh; cy++) {
    for (let cx = 0; cx < cellsWide; cx++) {
      const index = orientation === 'rows' ? cy * bins + cx : cx * bins + (bins - 1 - cy);
      const v = data[index]!;
      let level = Number.isFinite(v) ? Math.round(((v - low) / span) * 255) : 0;
      level = level < 0 ? 0 : Math.min(level, 255);
      const r = table[3 * level]!;
      const g = table[3 * level + 1]!;
      const b = table[3 * level + 2]!;
      for (let sy = 0; sy < scale; sy++) {
        let p = ((cy * scale + sy) * width + cx * scale) * 3;
        for (let sx = 0; sx < scale; sx++) {
          pixels[p++] = r;
          pixels[p++] = g;
          pixels[p++] = b;
        }
      }
    }
  }
  return encode({ width, height, data: pixels, channels: 3, depth: 8 });
}
