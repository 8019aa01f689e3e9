import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { frameCount, frameSignal } from './framing.js';
import { stft } from './stft.js';

describe('stft', () => {
  it('peaks a sine at its bin with amplitude N/4 under a periodic Hann window', () => {
    const signal = new Float64Array(256).map((_, n) => Math.cos((2 * Math.PI * 5 * n) / 64));
    const { data, shape } = stft(signal, { frameLength: 64, hopLength: 16, output: 'magnitude' });
    expect(shape).toEqual([13, 33]);
    for (let t = 0; t < shape[0]; t++) {
      const row = Array.from(data.subarray(t * 33, (t + 1) * 33));
      expect(row.indexOf(Math.max(...row))).toBe(5);
      expect(row[5]).toBeCloseTo(16, 4);
    }
  });

  it('frames centred signals with reflect padding', () => {
    expect(frameCount(100, { frameLength: 64, hopLength: 8, center: true })).toBe(13);
    const frames = frameSignal(new Float32Array([0, 1, 2, 3, 4]), { frameLength: 4, hopLength: 2, center: true });
    expect(frames.shape).toEqual([3, 4]);
    expect(Array.from(frames.data.subarray(0, 4))).toEqual([2, 1, 0, 1]);
    expect(Array.from(frames.data.subarray(8, 12))).toEqual([2, 3, 4, 3]);
    expect(stft(new Float32Array(100), { frameLength: 64, hopLength: 8, center: true }).shape).toEqual([13, 33]);
  });

  it('rejects an FFT shorter than the frame', () => {
    expect(() => stft(new Float32Array(100), { frameLength: 64, fftLength: 32 })).toThrow(SpectrogramOptionsError);
  });
});
