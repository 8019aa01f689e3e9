import { readFloat32Fixture } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { removeDcOffset } from '../building-blocks/dc-offset.js';
import { applyMelFilterBank, melFilterBank } from '../building-blocks/mel-filter-bank.js';
import { preEmphasis } from '../building-blocks/pre-emphasis.js';
import { nextPowerOfTwo, RealFftPlan } from '../building-blocks/real-fft.js';
import { windowFunction64 } from '../building-blocks/window-function.js';
import { SpectrogramOptionsError } from '../errors.js';
import { type KaldiFbankOptions, kaldiFbank } from './kaldi-fbank.js';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * Max abs difference over the cells whose reference value lies within `rangeNepers` of its frame's peak.
 * torchaudio computes in float32: bands 86–100 dB (20–23 nepers of log power) below a frame's peak carry the
 * rounding noise of its float32 frames and pocketfft FFT, where it differs from an exact (float64) computation by
 * up to 2.3e-3; the mel bank's float32 arithmetic plays no part (README, "Parity with torchaudio";
 * scripts/torchaudio-precision.py reproduces the analysis).
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

/**
 * The fbank spelled out frame by frame from the package's building blocks (copy, DC removal, pre-emphasis,
 * window, real FFT, dense-order mel sums, log), in double precision: checks the fused, blocked hot loop.
 */
function plainFbank(signal: Float32Array, options: Required<KaldiFbankOptions>): Float64Array {
  const rate = options.sampleRateHz;
  const frameLength = Math.floor(rate * options.frameLengthMs * 0.001 + 1e-9);
  const shift = Math.floor(rate * options.frameShiftMs * 0.001 + 1e-9);
  const fftLength = options.roundToPowerOfTwo ? nextPowerOfTwo(frameLength) : frameLength;
  const bank = melFilterBank({
    sampleRateHz: rate,
    fftLength,
    melBins: options.melBins,
    minHz: options.lowHz,
    maxHz: options.highHz,
  });
  const window = windowFunction64(options.window, frameLength, false);
  const fft = new RealFftPlan(fftLength);
  const frames = signal.length < frameLength ? 0 : 1 + Math.floor((signal.length - frameLength) / shift);
  const out = new Float64Array(frames * options.melBins);
  const frame = new Float64Array(frameLength);
  const spectrum = new Float64Array(fft.binCount);
  for (let t = 0; t < frames; t++) {
    frame.set(signal.subarray(t * shift, t * shift + frameLength));
    if (options.removeDcOffset) removeDcOffset(frame);
    preEmphasis(frame, options.preemphasis);
    for (let i = 0; i < frameLength; i++) frame[i]! *= window[i]!;
    if (options.usePower) fft.powerSpectrum(frame, spectrum);
    else fft.magnitudeSpectrum(frame, spectrum);
    applyMelFilterBank(bank, spectrum, 0, out, t * options.melBins);
    if (options.useLog) {
      for (let m = 0; m < options.melBins; m++) {
        const i = t * options.melBins + m;
        out[i] = Math.log(Math.max(out[i]!, options.logFloor));
      }
    }
  }
  return out;
}

const DEFAULTS: Required<KaldiFbankOptions> = {
  sampleRateHz: 16000,
  frameLengthMs: 25,
  frameShiftMs: 10,
  melBins: 128,
  lowHz: 20,
  highHz: 0,
  preemphasis: 0.97,
  removeDcOffset: true,
  window: 'hann',
  roundToPowerOfTwo: true,
  usePower: true,
  useLog: true,
  logFloor: 1.1920928955078125e-7,
};

describe('kaldiFbank', () => {
  it.each<[string, Partial<KaldiFbankOptions>, number]>([
    ['the defaults (7 frames: a partial block of four)', {}, 1360],
    [
      'no DC removal, no pre-emphasis, Hamming, magnitude, no log',
      {
        removeDcOffset: false,
        preemphasis: 0,
        window: 'hamming',
        usePower: false,
        useLog: false,
      },
      3000,
    ],
    [
      '8 kHz, 32 ms Povey frames (256, no padding), 40 bins, 100–3800 Hz',
      {
        sampleRateHz: 8000,
        frameLengthMs: 32,
        roundToPowerOfTwo: false,
        window: 'povey',
        melBins: 40,
        lowHz: 100,
        highHz: -200,
      },
      2049,
    ],
    [
      'a 4-point FFT (3-sample rectangular frames)',
      {
        sampleRateHz: 400,
        frameLengthMs: 7.5,
        frameShiftMs: 5,
        melBins: 2,
        lowHz: 10,
        window: 'rectangular',
        logFloor: 1e-30,
      },
      41,
    ],
  ])('equals the frame-by-frame composition: %s', (_name, options, samples) => {
    const signal = new Float32Array(samples).map((_, n) => 3 + Math.sin(n * 0.37) + 0.5 * Math.sin(n * n * 1e-3));
    const all = { ...DEFAULTS, ...options };
    const fbank = kaldiFbank(signal, options);
    const expected = plainFbank(signal, all);
    expect(fbank.data.length).toBe(expected.length);
    expect(fbank.data.length).toBeGreaterThan(0);
    for (let i = 0; i < expected.length; i++) {
      const scale = all.useLog ? 1 : Math.abs(expected[i]!);
      expect(Math.abs(fbank.data[i]! - expected[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
    }
  });

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
    // Everywhere, including bands at torchaudio's float32 noise floor: 6 of 31744 cells exceed 1e-3.
    expect(maxAbsDiff(fbank.data, reference)).toBeLessThanOrEqual(3e-3);
    let over = 0;
    for (let i = 0; i < reference.length; i++) if (Math.abs(fbank.data[i]! - reference[i]!) > 1e-3) over++;
    expect(over).toBeLessThanOrEqual(10); // 6 now; slack for last-bit differences of Math.cos across platforms
  });

  it('gives the same result for a Float64Array signal', () => {
    const signal = new Float32Array(4000).map((_, n) => 100 + 30 * Math.sin(n * 0.05) + Math.sin(n * 1.3));
    const single = kaldiFbank(signal);
    const double = kaldiFbank(Float64Array.from(signal));
    expect(double.shape).toEqual(single.shape);
    expect(double.data).toEqual(single.data);
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
