import { describe, expect, it } from 'vitest';
import { SpectrogramOptionsError } from '../errors.js';
import { applyMelFilterBank, melFilterBank } from './mel-filter-bank.js';
import { hzToMel, melToHz } from './mel-scale.js';

describe('mel scales', () => {
  it('round-trips and agrees with the reference formulas', () => {
    for (const scale of ['kaldi', 'htk', 'slaney'] as const) {
      for (const hz of [0, 20, 500, 1000, 4000, 8000]) expect(melToHz(hzToMel(hz, scale), scale)).toBeCloseTo(hz, 6);
    }
    expect(hzToMel(700, 'kaldi')).toBeCloseTo(1127 * Math.LN2, 9);
    expect(hzToMel(1000, 'slaney')).toBeCloseTo(15, 9);
    expect(hzToMel(1000, 'htk')).toBeCloseTo(999.9855, 3);
  });
});

describe('melFilterBank', () => {
  it('builds the Kaldi bank of the AST extractor: 128 triangles, zero Nyquist column', () => {
    const bank = melFilterBank();
    expect(bank.melBins).toBe(128);
    expect(bank.fftBins).toBe(257);
    for (let m = 0; m < 128; m++) expect(bank.start[m]! + bank.length[m]!).toBeLessThanOrEqual(256);
    // the wider filters (above ~600 Hz) peak between 0.5 and 1
    for (let m = 40; m < 128; m++) {
      const w = bank.weights.subarray(bank.offset[m]!, bank.offset[m]! + bank.length[m]!);
      expect(Math.max(...w)).toBeLessThanOrEqual(1);
      expect(Math.max(...w)).toBeGreaterThan(0.5);
    }
  });

  it('gives Slaney-normalised filters unit area in hertz', () => {
    const bank = melFilterBank({ scale: 'slaney', norm: 'slaney', sampleRateHz: 16000, fftLength: 2048, melBins: 40 });
    const binHz = 16000 / 2048;
    for (let m = 5; m < 40; m++) {
      let area = 0;
      for (let j = 0; j < bank.length[m]!; j++) area += bank.weights[bank.offset[m]! + j]! * binHz;
      expect(area).toBeCloseTo(1, 1);
    }
  });

  it('applies sparse weights', () => {
    const bank = melFilterBank({ melBins: 8, fftLength: 64, sampleRateHz: 8000, minHz: 0 });
    const ones = new Float64Array(33).fill(1);
    const out = new Float64Array(8);
    applyMelFilterBank(bank, ones, 0, out, 0);
    for (let m = 0; m < 8; m++) {
      let sum = 0;
      for (let j = 0; j < bank.length[m]!; j++) sum += bank.weights[bank.offset[m]! + j]!;
      expect(out[m]).toBeCloseTo(sum, 6);
    }
  });

  it('rejects an empty band', () => {
    expect(() => melFilterBank({ minHz: 8000, maxHz: 8000 })).toThrow(SpectrogramOptionsError);
  });
});
