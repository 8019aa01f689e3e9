import { checkInteger, checkNumber, checkOneOf, checkSignal, SpectrogramOptionsError } from './errors.js';
import { FLOAT32_EPSILON } from './log-with-floor.js';
import { type MelFilterBank, melFilterBank } from './mel-filter-bank.js';
import { nextPowerOfTwo, RealFftPlan } from './real-fft.js';
import type { Spectrogram } from './spectrogram.js';
import { WINDOW_NAMES, type WindowName, windowFunction64 } from './window-function.js';

/**
 * Options of {@link kaldiFbank}. The defaults are the HuggingFace AST feature extractor's settings
 * (`ta_kaldi.fbank(waveform, sample_frequency=16000, window_type="hanning", num_mel_bins=128)`).
 */
export interface KaldiFbankOptions {
  /** Sample rate of the signal (Hz). Defaults to 16000. */
  sampleRateHz?: number;
  /** Frame length (ms); `⌊rate·ms/1000⌋` samples. Defaults to 25. */
  frameLengthMs?: number;
  /** Frame shift (ms). Defaults to 10. */
  frameShiftMs?: number;
  /** Number of mel bins. Defaults to 128. */
  melBins?: number;
  /** Low edge of the mel bank (Hz). Defaults to 20. */
  lowHz?: number;
  /** High edge of the mel bank (Hz); ≤ 0 counts back from Nyquist. Defaults to 0 (Nyquist). */
  highHz?: number;
  /** Pre-emphasis coefficient (0 to disable). Defaults to 0.97. */
  preemphasis?: number;
  /** Subtract each frame's mean before pre-emphasis. Defaults to `true`. */
  removeDcOffset?: boolean;
  /** Window, symmetric as in Kaldi (`hann` is Kaldi's `hanning`). Defaults to `hann`. */
  window?: WindowName;
  /** Zero-pad frames to the next power of two for the FFT. Defaults to `true` (400 → 512 samples). */
  roundToPowerOfTwo?: boolean;
  /** Power spectrum (`true`) or magnitude (`false`). Defaults to `true`. */
  usePower?: boolean;
  /** Take the natural log of the mel energies. Defaults to `true`. */
  useLog?: boolean;
  /** Floor applied before the log, > 0. Defaults to float32 epsilon (1.1920928955078125e-7). */
  logFloor?: number;
}

/** @internal A prepared fbank configuration, cached per option set. */
interface FbankPlan {
  frameLength: number;
  frameShift: number;
  window: Float64Array;
  fft: RealFftPlan;
  bank: MelFilterBank;
  power: Float64Array;
  powerSecond: Float64Array;
  pairs: AdjacentFilters | null;
}

/**
 * A mel bank where each FFT bin feeds at most two adjacent filters (true of triangular banks whose corners
 * are shared): bin `k` adds `lowerWeight[k]·p` to filter `lower[k] − 1` and `upperWeight[k]·p` to filter
 * `lower[k]`; the bins of one `lower` value form a contiguous segment.
 */
interface AdjacentFilters {
  lower: Int32Array;
  lowerWeight: Float64Array;
  upperWeight: Float64Array;
  /** First bin of each slot's segment (bins with `lower[k] = slot`), for slots `0 … melBins + 1`. */
  segmentStart: Int32Array;
  /** End (exclusive) of each slot's segment; equal to the start when the segment is empty. */
  segmentEnd: Int32Array;
}

function adjacentFilters(bank: MelFilterBank): AdjacentFilters | null {
  const lower = new Int32Array(bank.fftBins).fill(-1);
  const lowerWeight = new Float64Array(bank.fftBins);
  const upperWeight = new Float64Array(bank.fftBins);
  let firstBin = bank.fftBins;
  let lastBin = -1;
  for (let m = 0; m < bank.melBins; m++) {
    for (let j = 0; j < bank.length[m]!; j++) {
      const k = bank.start[m]! + j;
      const w = bank.weights[bank.offset[m]! + j]!;
      firstBin = Math.min(firstBin, k);
      lastBin = Math.max(lastBin, k);
      if (lower[k] === -1) {
        lower[k] = m + 1;
        lowerWeight[k] = w;
      } else if (lower[k] === m) {
        upperWeight[k] = w;
      } else {
        return null;
      }
    }
  }
  const segmentStart = new Int32Array(bank.melBins + 2);
  const segmentEnd = new Int32Array(bank.melBins + 2);
  let previous = 0;
  for (let k = firstBin; k <= lastBin; k++) {
    const slot = lower[k]!;
    if (slot === -1 || slot < previous) return null; // segments must be contiguous and ordered
    if (segmentEnd[slot] === 0) segmentStart[slot] = k;
    else if (segmentEnd[slot] !== k) return null;
    segmentEnd[slot] = k + 1;
    previous = slot;
  }
  return { lower, lowerWeight, upperWeight, segmentStart, segmentEnd };
}

const planCache = new Map<string, FbankPlan>();

function fbankPlan(
  sampleRateHz: number,
  frameLength: number,
  frameShift: number,
  fftLength: number,
  melBins: number,
  lowHz: number,
  highHz: number,
  window: WindowName,
): FbankPlan {
  const key = [sampleRateHz, frameLength, frameShift, fftLength, melBins, lowHz, highHz, window].join('|');
  let plan = planCache.get(key);
  if (plan === undefined) {
    const fft = new RealFftPlan(fftLength);
    plan = {
      frameLength,
      frameShift,
      window: windowFunction64(window, frameLength, false),
      fft,
      bank: melFilterBank({ sampleRateHz, fftLength, melBins, minHz: lowHz, maxHz: highHz, scale: 'kaldi' }),
      power: new Float64Array(fft.binCount),
      powerSecond: new Float64Array(fft.binCount),
      pairs: null,
    };
    plan.pairs = adjacentFilters(plan.bank);
    if (planCache.size > 32) planCache.clear();
    planCache.set(key, plan);
  }
  return plan;
}

/**
 * Log-mel filter-bank features equal to `torchaudio.compliance.kaldi.fbank` (snip edges, no dither, no energy
 * term), with the HuggingFace AST settings by default: 16 kHz, 25 ms symmetric Hann frames, 10 ms hop,
 * FFT 512, 128 mel bins from 20 Hz to Nyquist, pre-emphasis 0.97, DC-offset removal, natural log with a
 * float32-epsilon floor.
 *
 * Each frame: copy → remove mean → pre-emphasis → window → zero-pad → real FFT → power → sparse mel → log.
 * The work buffers and the mel bank are computed once per option set and reused; nothing is allocated per frame;
 * frames go through the FFT in pairs (one complex transform for two real frames).
 *
 * @param signal - The waveform (any scale; the AST reference feeds raw values).
 * @returns `[frames, melBins]` with `frames = 1 + ⌊(n − frameLength)/frameShift⌋` (0 rows for a short signal).
 * @throws {@link SpectrogramOptionsError} on invalid options.
 *
 * @example
 * ```ts
 * const tone = new Float32Array(16000).map((_, n) => Math.sin((2 * Math.PI * 1000 * n) / 16000));
 * const fbank = kaldiFbank(tone); // shape [98, 128]
 * ```
 */
export function kaldiFbank(
  signal: Float32Array | Float64Array,
  {
    sampleRateHz = 16000,
    frameLengthMs = 25,
    frameShiftMs = 10,
    melBins = 128,
    lowHz = 20,
    highHz = 0,
    preemphasis = 0.97,
    removeDcOffset = true,
    window = 'hann',
    roundToPowerOfTwo = true,
    usePower = true,
    useLog = true,
    logFloor = FLOAT32_EPSILON,
  }: KaldiFbankOptions = {},
): Spectrogram {
  checkSignal('signal', signal);
  checkNumber('sampleRateHz', sampleRateHz, Number.MIN_VALUE);
  checkNumber('frameLengthMs', frameLengthMs, Number.MIN_VALUE);
  checkNumber('frameShiftMs', frameShiftMs, Number.MIN_VALUE);
  checkInteger('melBins', melBins, 1);
  checkNumber('preemphasis', preemphasis, 0, 1);
  checkNumber('logFloor', logFloor, 2.2250738585072014e-308); // a positive normal number
  checkOneOf('window', window, WINDOW_NAMES);
  // Kaldi: int(sample_frequency * frame_length * 0.001), with a tolerance for binary fractions.
  const frameLength = Math.floor(sampleRateHz * frameLengthMs * 0.001 + 1e-9);
  const frameShift = Math.floor(sampleRateHz * frameShiftMs * 0.001 + 1e-9);
  if (frameLength < 2)
    throw new SpectrogramOptionsError('frameLengthMs', 'a frame of at least 2 samples', frameLengthMs);
  if (frameShift < 1) throw new SpectrogramOptionsError('frameShiftMs', 'a shift of at least 1 sample', frameShiftMs);
  const fftLength = roundToPowerOfTwo ? nextPowerOfTwo(frameLength) : frameLength;
  if (!roundToPowerOfTwo && (fftLength & (fftLength - 1)) !== 0) {
    throw new SpectrogramOptionsError('roundToPowerOfTwo', 'true, or a power-of-two frame length', frameLength);
  }
  const plan = fbankPlan(sampleRateHz, frameLength, frameShift, fftLength, melBins, lowHz, highHz, window);
  const frames = signal.length < frameLength ? 0 : 1 + Math.floor((signal.length - frameLength) / frameShift);
  const out = new Float32Array(frames * melBins);
  const { fft, bank, power, powerSecond, pairs } = plan;
  const win = plan.window;
  const pair = fft.pairInput;
  const { start, length, offset, weights } = bank;
  const binCount = fft.binCount;
  const halfLength = fftLength / 2;
  const c = preemphasis;
  // Frame means from prefix sums (one pass over the signal instead of one per frame).
  let prefix: Float64Array | null = null;
  if (removeDcOffset && frames > 0) {
    prefix = new Float64Array(signal.length + 1);
    let running = 0;
    for (let i = 0; i < signal.length; i++) prefix[i + 1] = running += signal[i]!;
  }
  const inverseLength = 1 / frameLength;
  // Frames go through the FFT two at a time, packed as the real and imaginary parts of one complex signal.
  for (let t = 0; t < frames; t += 2) {
    const both = t + 1 < frames;
    for (let half = 0; half < 2; half++) {
      if (half === 1 && !both) {
        for (let i = 0; i < frameLength; i++) pair[2 * i + 1] = 0;
        break;
      }
      const s0 = (t + half) * frameShift;
      let mean = 0;
      if (prefix !== null) mean = (prefix[s0 + frameLength]! - prefix[s0]!) * inverseLength;
      // Pre-emphasis with the replicated first sample, then the window, in one pass from the end.
      let next = signal[s0 + frameLength - 1]! - mean;
      for (let i = frameLength - 1; i > 0; i--) {
        const previous = signal[s0 + i - 1]! - mean;
        pair[2 * i + half] = (next - c * previous) * win[i]!;
        next = previous;
      }
      pair[half] = next * (1 - c) * win[0]!;
      // pair[2·frameLength …) stays zero: the zero padding.
    }
    const z = fft.runPair();
    // Separate the two spectra (A_k = (Z_k + conj Z_{N−k})/2, B_k = (Z_k − conj Z_{N−k})/(2i)) straight into
    // power, inlined: this runs once per frame pair.
    power[0] = z[0]! * z[0]!;
    powerSecond[0] = z[1]! * z[1]!;
    for (let k = 1; k < halfLength; k++) {
      const j = 2 * (fftLength - k);
      const zr = z[2 * k]!;
      const zi = z[2 * k + 1]!;
      const nr = z[j]!;
      const ni = z[j + 1]!;
      const ar = zr + nr;
      const ai = zi - ni;
      const br = zi + ni;
      const bi = zr - nr;
      power[k] = 0.25 * (ar * ar + ai * ai);
      powerSecond[k] = 0.25 * (br * br + bi * bi);
    }
    power[halfLength] = z[2 * halfLength]! * z[2 * halfLength]!;
    powerSecond[halfLength] = z[2 * halfLength + 1]! * z[2 * halfLength + 1]!;
    for (let half = 0; half < (both ? 2 : 1); half++) {
      const p = half === 0 ? power : powerSecond;
      if (!usePower) for (let k = 0; k < binCount; k++) p[k] = Math.sqrt(p[k]!);
      const o = (t + half) * melBins;
      if (pairs !== null) {
        // Every bin feeds at most two adjacent filters. Segment s holds the bins whose lower filter is s − 1:
        // their lower weights finish filter s − 1, their upper weights start filter s (kept in `carry`).
        const { lowerWeight, upperWeight, segmentStart, segmentEnd } = pairs;
        let carry = 0;
        for (let slot = 1; slot <= melBins; slot++) {
          let finish = 0;
          let begin = 0;
          for (let k = segmentStart[slot]!, end = segmentEnd[slot]!; k < end; k++) {
            const value = p[k]!;
            finish += lowerWeight[k]! * value;
            begin += upperWeight[k]! * value;
          }
          const sum = carry + finish;
          out[o + slot - 1] = useLog ? Math.log(sum > logFloor ? sum : logFloor) : sum;
          carry = begin;
        }
        continue;
      }
      for (let m = 0; m < melBins; m++) {
        let sum = 0;
        const s = start[m]!;
        const w = offset[m]!;
        for (let j = 0, n = length[m]!; j < n; j++) sum += weights[w + j]! * p[s + j]!;
        out[o + m] = useLog ? Math.log(sum > logFloor ? sum : logFloor) : sum;
      }
    }
  }
  return { data: out, shape: [frames, melBins] };
}
