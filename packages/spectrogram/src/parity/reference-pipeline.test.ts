import { readFloat32Fixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { referencePipelineFeatures } from './reference-pipeline.js';

describe('referencePipelineFeatures', () => {
  const window = readFloat32Fixture('spectrogram', 'seed_window.f32');
  const n = window.length / 3;
  const axes = { x: window.subarray(0, n), y: window.subarray(n, 2 * n), z: window.subarray(2 * n) };
  const reference = readFloat32Fixture('spectrogram', 'seed_window.ast.f32');

  it('reproduces the reference features of a seed window from {x, y, z}', () => {
    const features = referencePipelineFeatures(axes);
    expect(features.shape).toEqual([1024, 128]);
    // The reference's own numbers are float32 rounding noise wherever the window holds no signal: its
    // x|y|z axes are near-constant ramps at ~1887 counts (float32 step 1.2e-4), so a one-ulp difference in a
    // resampled sample changes the log energy of empty bands by O(1). We match torchaudio's resampler to
    // ~1 ulp (resample.test.ts), not bit for bit. Every cell that carries energy (normalised value ≥ 0, i.e.
    // log-mel energy ≥ −4.27), the padding rows included, matches to 1e-3.
    let error = 0;
    let cells = 0;
    for (let i = 0; i < reference.length; i++) {
      if (reference[i]! < 0) continue;
      cells++;
      error = Math.max(error, Math.abs(features.data[i]! - reference[i]!));
    }
    expect(cells).toBeGreaterThan(831 * 128 + 1000);
    expect(error).toBeLessThanOrEqual(1e-3);
  });

  it('accepts interleaved samples', () => {
    const interleaved = new Float32Array(window.length);
    for (let i = 0; i < n; i++) {
      interleaved[3 * i] = axes.x[i]!;
      interleaved[3 * i + 1] = axes.y[i]!;
      interleaved[3 * i + 2] = axes.z[i]!;
    }
    const a = referencePipelineFeatures(interleaved).data;
    const b = referencePipelineFeatures(axes).data;
    let differences = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
    expect(a.length).toBe(b.length);
    expect(differences).toBe(0);
  });

  it('rejects mismatched axes', () => {
    expect(() => referencePipelineFeatures({ x: [1, 2], y: [1], z: [1, 2] })).toThrow(SpectrogramOptionsError);
    expect(() => referencePipelineFeatures(new Float32Array(10))).toThrow(/multiple of 3/);
  });
});
