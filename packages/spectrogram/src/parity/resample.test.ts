import { readFloat32Fixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { resample } from './resample.js';

describe('resample', () => {
  it('equals torchaudio Resample(140, 16000) on the seed window', () => {
    const input = readFloat32Fixture('spectrogram', 'seed_window.f32');
    const reference = readFloat32Fixture('spectrogram', 'seed_window.resampled.f32');
    const out = resample(input, { fromHz: 140, toHz: 16000 });
    expect(out.length).toBe(reference.length);
    let peak = 0;
    let error = 0;
    for (let i = 0; i < out.length; i++) {
      peak = Math.max(peak, Math.abs(reference[i]!));
      error = Math.max(error, Math.abs(out[i]! - reference[i]!));
    }
    expect(error / peak).toBeLessThanOrEqual(1e-4);
  });

  it('gives ceil(new·n/orig) samples', () => {
    expect(resample(new Float32Array(270), { fromHz: 140, toHz: 16000 }).length).toBe(30858);
    expect(resample(new Float32Array(900), { fromHz: 140, toHz: 16000 }).length).toBe(102858);
    expect(resample(new Float32Array(10), { fromHz: 3, toHz: 2 }).length).toBe(7);
  });

  it('keeps a slow sine and its amplitude when upsampling', () => {
    const input = new Float64Array(400).map((_, n) => Math.sin((2 * Math.PI * 5 * n) / 100));
    const out = resample(input, { fromHz: 100, toHz: 300 });
    // Away from the edges, out[3n + p] ≈ sin(2π·5·(n + p/3)/100).
    let error = 0;
    for (let m = 60; m < out.length - 60; m++) {
      error = Math.max(error, Math.abs(out[m]! - Math.sin((2 * Math.PI * 5 * m) / 300)));
    }
    expect(error).toBeLessThan(0.02);
  });

  it('removes content above the new Nyquist rate when downsampling', () => {
    const input = new Float64Array(2000).map((_, n) => Math.sin((2 * Math.PI * 40 * n) / 100));
    const out = resample(input, { fromHz: 100, toHz: 50 });
    let rms = 0;
    for (let m = 100; m < out.length - 100; m++) rms += out[m]! * out[m]!;
    expect(Math.sqrt(rms / (out.length - 200))).toBeLessThan(0.01);
  });

  it('rejects non-integer rates', () => {
    expect(() => resample(new Float32Array(10), { fromHz: 140.5, toHz: 16000 })).toThrow(SpectrogramOptionsError);
    expect(() => resample(new Float32Array(10), { fromHz: 140, toHz: 0 })).toThrow(/toHz: expected an integer ≥ 1/);
  });
});
