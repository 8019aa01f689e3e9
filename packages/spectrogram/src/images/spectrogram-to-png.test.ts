import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { colormapTable } from './colormap.js';
import { spectrogramToPng } from './spectrogram-to-png.js';

describe('colormapTable', () => {
  it('matches matplotlib anchor colours within 6/255', () => {
    const anchors: [Parameters<typeof colormapTable>[0], number, number[]][] = [
      ['viridis', 0, [68, 1, 84]],
      ['viridis', 128, [33, 145, 140]],
      ['viridis', 255, [253, 231, 37]],
      ['magma', 0, [0, 0, 4]],
      ['magma', 255, [252, 253, 191]],
      ['inferno', 255, [252, 255, 164]],
      ['plasma', 0, [13, 8, 135]],
      ['plasma', 255, [240, 249, 33]],
      ['gray', 255, [255, 255, 255]],
    ];
    for (const [name, level, rgb] of anchors) {
      const table = colormapTable(name);
      for (let c = 0; c < 3; c++) expect(Math.abs(table[3 * level + c]! - rgb[c]!)).toBeLessThanOrEqual(6);
    }
  });
});

describe('spectrogramToPng', () => {
  const spectrogram = { data: new Float32Array([0, 1, 2, 3, 4, 5]), shape: [2, 3] as [number, number] };

  it('encodes a PNG with time across and frequency up', () => {
    const png = spectrogramToPng(spectrogram, { colormap: 'gray', scale: 2 });
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const image = decode(png);
    expect([image.width, image.height, image.channels]).toEqual([4, 6, 3]);
    // bottom-left pixel = frame 0, bin 0 = minimum → black; top-right = frame 1, bin 2 = maximum → white
    expect(image.data[(5 * 4 + 0) * 3]).toBe(0);
    expect(image.data[(0 * 4 + 3) * 3]).toBe(255);
  });

  it('draws rows as stored and clamps to min/max', () => {
    const image = decode(spectrogramToPng(spectrogram, { colormap: 'gray', orientation: 'rows', min: 1, max: 3 }));
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(Array.from({ length: 6 }, (_, i) => image.data[3 * i])).toEqual([0, 0, 128, 255, 255, 255]);
  });

  it('rejects bad input', () => {
    expect(() => spectrogramToPng({ data: new Float32Array(5), shape: [2, 3] })).toThrow(SpectrogramOptionsError);
    expect(() => spectrogramToPng(spectrogram, { colormap: 'jet' as never })).toThrow(/colormap: expected one of/);
    expect(() => spectrogramToPng(spectrogram, { scale: 0 })).toThrow(SpectrogramOptionsError);
  });
});
