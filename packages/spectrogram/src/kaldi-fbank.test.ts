import { readFloat32Fixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from './errors.js';
import { kaldiFbank } from './kaldi-fbank.js';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * Max abs difference over the cells whose reference value lies within `rangeNepers` of its frame's peak.
 * torchaudio computes in float32: bands ~85 dB (≈ 20 nepers of log power) below a frame's peak carry its
 * FFT rounding noise, where it differs from an exact (float64) computation by up to ~2.5e-3.
 */
function maxAbsDiffWithinRange(a: Float32Array, reference: Float32Array, bins: number, rangeNepers: number): number {
  let max = 0;
  for (let row = 0; row < reference.length / bins; row++) {
    const cells = reference.subarray(row * bins, (row + 1) * bins);
    const peak = Math.max(...cells);
    for (let j = 0; j < bins; j++) {
      if (peak - cells[j]! <= rangeNepers) max = Math.max(max, Math.abs(a[row * bins + j]! - cells[j]!));
    }
  }
  return max;
}

describe('kaldiFbank', () => {
  it('equals torchaudio on the tone fixture', () => {
    const fbank = kaldiFbank(readFloat32Fixture('spectrogram', 'tone.f32'));
    expect(fbank.shape).toEqual([98, 128]);
    expect(maxAbsDiff(fbank.data, readFloat32Fixture('spectrogram', 'tone.fbank.f32'))).toBeLessThanOrEqual(1e-3);
  });

  it('equals torchaudio on the chirp + noise fixture', () => {
    const fbank = kaldiFbank(readFloat32Fixture('spectrogram', 'chirp_noise.f32'));
    expect(fbank.shape).toEqual([248, 128]);
    const reference = readFloat32Fixture('spectrogram', 'chirp_noise.fbank.f32');
    // Within 18 nepers (78 dB) of each frame's peak: the 1e-3 target.
    expect(maxAbsDiffWithinRange(fbank.data, reference, 128, 18)).toBeLessThanOrEqual(1e-3);
    // Everywhere, including bands at torchaudio's float32 noise floor (6 of 31744 cells exceed 1e-3).
    expect(maxAbsDiff(fbank.data, reference)).toBeLessThanOrEqual(3e-3);
  });

  it('puts a sine into the mel bin that covers its frequency', () => {
    const rate = 16000;
    const tone = new Float32Array(8000).map((_, n) => Math.sin((2 * Math.PI * 2000 * n) / rate));
    const { data, shape } = kaldiFbank(tone);
    const [frames, bins] = shape;
    expect(frames).toBe(1 + Math.floor((8000 - 400) / 160));
    const row = data.subarray(10 * bins, 11 * bins);
    const peak = row.indexOf(Math.max(...row));
    // The Kaldi mel centre of filter m is melToHz(low + (m + 1)·step); 2 kHz lands near filter 56.
    const melLow = 1127 * Math.log(1 + 20 / 700);
    const melHigh = 1127 * Math.log(1 + 8000 / 700);
    const centreHz = 700 * (Math.exp((melLow + ((peak + 1) * (melHigh - melLow)) / 129) / 1127) - 1);
    expect(Math.abs(centreHz - 2000)).toBeLessThan(60);
  });

  it('returns no frames for a signal shorter than one frame', () => {
    expect(kaldiFbank(new Float32Array(399)).shape).toEqual([0, 128]);
  });

  it('rejects bad options with a typed error', () => {
    expect(() => kaldiFbank(new Float32Array(1000), { melBins: 0 })).toThrow(SpectrogramOptionsError);
    try {
      kaldiFbank(new Float32Array(1000), { window: 'blackman' as never });
    } catch (error) {
      expect(error).toBeInstanceOf(SpectrogramOptionsError);
      expect((error as SpectrogramOptionsError).field).toBe('window');
      expect((error as SpectrogramOptionsError).found).toBe('blackman');
    }
    expect(() => kaldiFbank([1, 2, 3] as never)).toThrow(/signal: expected a Float32Array/);
  });
});
