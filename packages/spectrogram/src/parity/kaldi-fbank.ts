import FFT from 'fft.js';
import { gcd } from '../building-blocks/gcd.js';
import { FLOAT32_EPSILON } from '../building-blocks/log-with-floor.js';
import { type MelFilterBank, melFilterBank } from '../building-blocks/mel-filter-bank.js';
import { nextPowerOfTwo } from '../building-blocks/real-fft.js';
import type { Spectrogram } from '../building-blocks/spectrogram.js';
import { WINDOW_NAMES, type WindowName, windowFunction64 } from '../building-blocks/window-function.js';
import { checkInteger, checkNumber, checkOneOf, checkSignal, SpectrogramOptionsError } from '../errors.js';

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

/**
 * Frames processed together by the spectrum split and the mel stage (their spectra are interleaved in
 * {@link FbankPlan.power}); `splitPowers` and `melSegments` are written out for exactly four.
 */
const LANES = 4;

/** Index of a double's high (sign, exponent) word in a `Uint32Array` view: 1 on little-endian platforms. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOG_TABLE_BITS = 8;
const LOG_TABLE_SIZE = 1 << LOG_TABLE_BITS;
/** `ln c_j` and `1/c_j` for the centres `c_j = 1 + (j + ½)/256` of the mantissa intervals. */
const logCentre = new Float64Array(LOG_TABLE_SIZE);
const inverseCentre = new Float64Array(LOG_TABLE_SIZE);
for (let j = 0; j < LOG_TABLE_SIZE; j++) {
  const c = 1 + (j + 0.5) / LOG_TABLE_SIZE;
  logCentre[j] = Math.log(c);
  inverseCentre[j] = 1 / c;
}
/** `2^(1023 − e)` for each biased exponent `e` (scales a double into [1, 2)); 0 where unused. */
const inversePowerOfTwo = new Float64Array(2048);
for (let e = 1; e < 2047; e++) inversePowerOfTwo[e] = 2 ** (1023 - e);

/**
 * @internal A prepared fbank configuration, cached per option set: the window, the FFT, the mel bank in the
 * form the hot loop reads, and the work buffers. Nothing is allocated per frame.
 *
 * A real frame of N = `fftLength` samples goes through one complex FFT of N/2 points (even samples as real
 * parts, odd samples as imaginary parts: the frame buffer itself, no repacking) followed by the standard split
 * `X_k = E_k + e^{−2πik/N}·O_k`: cheaper than two frames per N-point complex transform (2.4 µs against 3.3 µs
 * per frame for N = 512 with fft.js).
 */
interface FbankPlan {
  frameLength: number;
  frameShift: number;
  fftLength: number;
  /** Block size for the frame sums: `gcd(frameLength, frameShift)`. */
  block: number;
  window: Float64Array;
  /** fft.js transform of N/2 complex points, or `null` when N/2 = 1 (the identity). */
  fft: FFT | null;
  /** `cos(2πk/N)` and `sin(2πk/N)` for `k = 0 … N/4`, interleaved (`2k`, `2k + 1`). */
  twiddles: Float64Array;
  /** The windowed, zero-padded frames of the lanes (N doubles each; the padding stays zero). */
  frames: Float64Array[];
  /** The N/2-point complex spectra of the {@link LANES} frames (N doubles each). */
  spectra: Float64Array[];
  /**
   * `4·|X_k|²` (or `2·|X_k|` for magnitude) of {@link LANES} frames, interleaved: bin `k` of lane `q` at
   * `LANES·k + q`. The factor is folded into the mel weights.
   */
  power: Float64Array;
  /** The mel sums of the lanes, filter `m` of lane `q` at `LANES·m + q`. */
  mel: Float64Array;
  /** `mel` as 32-bit words (for the logs from the bits). */
  melHigh: Uint32Array;
  bank: MelFilterBank;
  /** `bank.weights` in double precision, times ¼ (see `power`). */
  weights: Float64Array;
  pairs: AdjacentFilters | null;
}

/**
 * A mel bank where each FFT bin feeds at most two adjacent filters (true of triangular banks whose corners
 * are shared): bin `k` adds `lowerWeight[k]·p` to filter `lower[k] − 1` and `upperWeight[k]·p` to filter
 * `lower[k]`; the bins of one `lower` value form a contiguous segment.
 */
interface AdjacentFilters {
  /** Weights times ¼ (see {@link FbankPlan.power}). */
  lowerWeight: Float64Array;
  /** Weights times ¼. */
  upperWeight: Float64Array;
  /** First bin of each slot's segment (bins with `lower[k] = slot`), for slots `0 … melBins + 1`. */
  segmentStart: Int32Array;
  /** End (exclusive) of each slot's segment; equal to the start when the segment is empty. */
  segmentEnd: Int32Array;
}

function adjacentFilters(bank: MelFilterBank, scale: number): AdjacentFilters | null {
  const lower = new Int32Array(bank.fftBins).fill(-1);
  const lowerWeight = new Float64Array(bank.fftBins);
  const upperWeight = new Float64Array(bank.fftBins);
  let firstBin = bank.fftBins;
  let lastBin = -1;
  for (let m = 0; m < bank.melBins; m++) {
    for (let j = 0; j < bank.length[m]!; j++) {
      const k = bank.start[m]! + j;
      const w = bank.weights[bank.offset[m]! + j]! * scale;
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
  return { lowerWeight, upperWeight, segmentStart, segmentEnd };
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
    const half = fftLength / 2;
    const quarter = Math.floor(half / 2);
    const twiddles = new Float64Array(2 * (quarter + 1));
    for (let k = 0; k <= quarter; k++) {
      twiddles[2 * k] = Math.cos((2 * Math.PI * k) / fftLength);
      twiddles[2 * k + 1] = Math.sin((2 * Math.PI * k) / fftLength);
    }
    const bank = melFilterBank({ sampleRateHz, fftLength, melBins, minHz: lowHz, maxHz: highHz, scale: 'kaldi' });
    const weights = new Float64Array(bank.weights.length);
    for (let i = 0; i < weights.length; i++) weights[i] = 0.25 * bank.weights[i]!;
    const mel = new Float64Array(LANES * melBins);
    plan = {
      frameLength,
      frameShift,
      fftLength,
      block: gcd(frameLength, frameShift),
      window: windowFunction64(window, frameLength, false),
      fft: half >= 2 ? new FFT(half) : null,
      twiddles,
      frames: Array.from({ length: LANES }, () => new Float64Array(fftLength)),
      spectra: Array.from({ length: LANES }, () => new Float64Array(fftLength)),
      power: new Float64Array(LANES * (half + 1)),
      mel,
      melHigh: new Uint32Array(mel.buffer),
      bank,
      weights,
      pairs: adjacentFilters(bank, 0.25),
    };
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
 * Each frame: remove mean → pre-emphasis → window → zero-pad → real FFT → power → sparse mel → log.
 * The work buffers and the mel bank are computed once per option set and reused; nothing is allocated per frame
 * and nothing of the signal's size is allocated besides the output. A real frame goes through one complex FFT of
 * half its length (`fft.js`); the mel sums run on blocks of four frames.
 *
 * @param signal - The waveform (any scale; the AST reference feeds raw values).
 * @returns `[frames, melBins]` with `frames = 1 + ⌊(n − frameLength)/frameShift⌋` (0 rows for a short signal).
 * @throws {@link SpectrogramOptionsError} on invalid options.
 *
 * @example
 * ```ts
 * import { kaldiFbank } from '@tsc/spectrogram';
 *
 * const tone = new Float32Array(16000).map((_, n) => Math.sin((2 * Math.PI * 1000 * n) / 16000));
 * const fbank = kaldiFbank(tone);
 * console.log(fbank.shape); // [98, 128]
 * ```
 */
export function kaldiFbank(signal: Float32Array | Float64Array, options: KaldiFbankOptions = {}): Spectrogram {
  return fbankRows(signal, options, -1, 1, 0);
}

/**
 * {@link kaldiFbank} with a fixed number of output rows and an affine map of the values, in one pass (for
 * {@link astFeatures}: pad or truncate, then normalise, without a second array). Frames past `rows` are not
 * computed; rows past the signal's frames hold `shift`; every value `v` is written as `v·scale + shift`.
 *
 * @param signal - The waveform.
 * @param options - As {@link kaldiFbank}.
 * @param rows - Output rows, or −1 for as many as the signal gives.
 * @param scale - Multiplies every value (after the log).
 * @param shift - Added to every value; also the value of the padding rows.
 * @returns `[rows, melBins]`.
 * @internal
 */
export function fbankRows(
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
  }: KaldiFbankOptions,
  rows: number,
  scale: number,
  shift: number,
): Spectrogram {
  checkSignal('signal', signal);
  const { frameLength, frameShift, fftLength } = fbankFrames({
    sampleRateHz,
    frameLengthMs,
    frameShiftMs,
    melBins,
    preemphasis,
    logFloor,
    window,
    roundToPowerOfTwo,
  });
  const plan = fbankPlan(sampleRateHz, frameLength, frameShift, fftLength, melBins, lowHz, highHz, window);
  const available = signal.length < frameLength ? 0 : 1 + Math.floor((signal.length - frameLength) / frameShift);
  const outRows = rows < 0 ? available : rows;
  const frames = Math.min(available, outRows);
  const out = new Float32Array(outRows * melBins);
  if (shift !== 0) out.fill(shift, frames * melBins);
  if (frames === 0) return { data: out, shape: [outRows, melBins] };
  const { block, frames: buffers, window: win, pairs, power, mel, melHigh, fft, spectra } = plan;
  const sums = removeDcOffset ? blockPrefixSums(signal, block, (frames - 1) * frameShift + frameLength) : null;
  const shiftBlocks = frameShift / block;
  const lengthBlocks = frameLength / block;
  const offsetScale = (1 - preemphasis) / frameLength; // offset = (1 − c)·mean = (1 − c)·sum/length
  for (let t = 0; t < frames; t += LANES) {
    const lanes = Math.min(LANES, frames - t);
    if (lanes === LANES) {
      const b = t * shiftBlocks;
      fillFrames4(
        buffers,
        signal,
        t * frameShift,
        frameShift,
        frameLength,
        win,
        preemphasis,
        frameOffset(sums, b, lengthBlocks, offsetScale),
        frameOffset(sums, b + shiftBlocks, lengthBlocks, offsetScale),
        frameOffset(sums, b + 2 * shiftBlocks, lengthBlocks, offsetScale),
        frameOffset(sums, b + 3 * shiftBlocks, lengthBlocks, offsetScale),
      );
    } else {
      for (let q = 0; q < lanes; q++) {
        const offset = frameOffset(sums, (t + q) * shiftBlocks, lengthBlocks, offsetScale);
        fillFrame(buffers[q]!, signal, (t + q) * frameShift, frameLength, win, preemphasis, offset);
      }
    }
    for (let q = 0; q < lanes; q++) {
      if (fft === null) spectra[q]!.set(buffers[q]!);
      else fft.transform(spectra[q]!, buffers[q]!);
    }
    // All four lanes are split even in a last, partial block: the unused ones hold stale spectra, never written out.
    splitPowers(plan, usePower);
    if (pairs !== null) melSegments(pairs, power, mel, melBins);
    else melSparse(plan.bank, plan.weights, power, mel);
    writeRows(mel, melHigh, out, t * melBins, lanes, melBins, useLog, logFloor, scale, shift);
  }
  return { data: out, shape: [outRows, melBins] };
}

/**
 * Checks the options of {@link fbankRows} and returns its frame geometry in samples: frame length and shift as Kaldi
 * rounds them, and the FFT length.
 */
function fbankFrames({
  sampleRateHz,
  frameLengthMs,
  frameShiftMs,
  melBins,
  preemphasis,
  logFloor,
  window,
  roundToPowerOfTwo,
}: Required<
  Pick<
    KaldiFbankOptions,
    | 'sampleRateHz'
    | 'frameLengthMs'
    | 'frameShiftMs'
    | 'melBins'
    | 'preemphasis'
    | 'logFloor'
    | 'window'
    | 'roundToPowerOfTwo'
  >
>): { frameLength: number; frameShift: number; fftLength: number } {
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
  return { frameLength, frameShift, fftLength };
}

/** Prefix sums of the signal's blocks of `block` samples over its first `length` samples (a multiple of `block`). */
function blockPrefixSums(signal: Float32Array | Float64Array, block: number, length: number): Float64Array {
  const sums = new Float64Array(length / block + 1);
  let running = 0;
  for (let b = 0, i = 0; i < length; b++) {
    // Four partial sums: the adds pipeline instead of waiting on one another.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const end = i + block;
    for (; i + 3 < end; i += 4) {
      s0 += signal[i]!;
      s1 += signal[i + 1]!;
      s2 += signal[i + 2]!;
      s3 += signal[i + 3]!;
    }
    for (; i < end; i++) s0 += signal[i]!;
    sums[b + 1] = running += s0 + s1 + (s2 + s3);
  }
  return sums;
}

/** `(1 − c)·mean` of the frame whose blocks start at `block`, from the block prefix sums (0 without them). */
function frameOffset(sums: Float64Array | null, block: number, lengthBlocks: number, scale: number): number {
  return sums === null ? 0 : (sums[block + lengthBlocks]! - sums[block]!) * scale;
}

/**
 * Writes frame `signal[start … start + length)` with the DC offset removed, pre-emphasised and windowed into
 * `frame[0 … length)`. With `μ` the frame mean and `offset = (1 − c)·μ`:
 * `(x[i] − μ) − c·(x[i−1] − μ) = x[i] − c·x[i−1] − offset`, and Kaldi replicates the first sample
 * (`x[−1] = x[0]`). Unrolled by eight: V8 does not vectorise and the loop overhead dominates otherwise.
 */
function fillFrame(
  frame: Float64Array,
  signal: Float32Array | Float64Array,
  start: number,
  length: number,
  win: Float64Array,
  c: number,
  offset: number,
): void {
  let previous = signal[start]!;
  let i = 0;
  for (; i + 7 < length; i += 8) {
    const j = start + i;
    const x0 = signal[j]!;
    const x1 = signal[j + 1]!;
    const x2 = signal[j + 2]!;
    const x3 = signal[j + 3]!;
    const x4 = signal[j + 4]!;
    const x5 = signal[j + 5]!;
    const x6 = signal[j + 6]!;
    const x7 = signal[j + 7]!;
    frame[i] = (x0 - c * previous - offset) * win[i]!;
    frame[i + 1] = (x1 - c * x0 - offset) * win[i + 1]!;
    frame[i + 2] = (x2 - c * x1 - offset) * win[i + 2]!;
    frame[i + 3] = (x3 - c * x2 - offset) * win[i + 3]!;
    frame[i + 4] = (x4 - c * x3 - offset) * win[i + 4]!;
    frame[i + 5] = (x5 - c * x4 - offset) * win[i + 5]!;
    frame[i + 6] = (x6 - c * x5 - offset) * win[i + 6]!;
    frame[i + 7] = (x7 - c * x6 - offset) * win[i + 7]!;
    previous = x7;
  }
  for (; i < length; i++) {
    const x = signal[start + i]!;
    frame[i] = (x - c * previous - offset) * win[i]!;
    previous = x;
  }
  // frame[length …) stays zero: the zero padding.
}

/**
 * {@link fillFrame} for four consecutive frames (starts `start + q·shift`, offsets `o0 … o3`) in one pass over
 * the window: each window value is loaded once for the four frames. Written out per frame: a helper function per
 * frame measured 1–2 % slower here, and this loop carries the ≥ 2000× real-time target.
 */
function fillFrames4(
  buffers: Float64Array[],
  signal: Float32Array | Float64Array,
  start: number,
  shift: number,
  length: number,
  win: Float64Array,
  c: number,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
): void {
  const f0 = buffers[0]!;
  const f1 = buffers[1]!;
  const f2 = buffers[2]!;
  const f3 = buffers[3]!;
  const a0 = start;
  const a1 = start + shift;
  const a2 = a1 + shift;
  const a3 = a2 + shift;
  let p0 = signal[a0]!;
  let p1 = signal[a1]!;
  let p2 = signal[a2]!;
  let p3 = signal[a3]!;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const w0 = win[i]!;
    const w1 = win[i + 1]!;
    const x0 = signal[a0 + i]!;
    const y0 = signal[a0 + i + 1]!;
    f0[i] = (x0 - c * p0 - o0) * w0;
    f0[i + 1] = (y0 - c * x0 - o0) * w1;
    p0 = y0;
    const x1 = signal[a1 + i]!;
    const y1 = signal[a1 + i + 1]!;
    f1[i] = (x1 - c * p1 - o1) * w0;
    f1[i + 1] = (y1 - c * x1 - o1) * w1;
    p1 = y1;
    const x2 = signal[a2 + i]!;
    const y2 = signal[a2 + i + 1]!;
    f2[i] = (x2 - c * p2 - o2) * w0;
    f2[i + 1] = (y2 - c * x2 - o2) * w1;
    p2 = y2;
    const x3 = signal[a3 + i]!;
    const y3 = signal[a3 + i + 1]!;
    f3[i] = (x3 - c * p3 - o3) * w0;
    f3[i + 1] = (y3 - c * x3 - o3) * w1;
    p3 = y3;
  }
  if (i < length) {
    const w = win[i]!;
    f0[i] = (signal[a0 + i]! - c * p0 - o0) * w;
    f1[i] = (signal[a1 + i]! - c * p1 - o1) * w;
    f2[i] = (signal[a2 + i]! - c * p2 - o2) * w;
    f3[i] = (signal[a3 + i]! - c * p3 - o3) * w;
  }
}

/**
 * `4·|X_k|²` (k = 0 … N/2) of the four lanes' frames, from their N/2-point complex spectra
 * `Z = FFT_{N/2}(x_{2n} + i·x_{2n+1})`, into `plan.power` (`2·|X_k|` when `usePower` is false):
 * `E_k = (Z_k + conj Z_{N/2−k})/2`, `O_k = (Z_k − conj Z_{N/2−k})/(2i)`, `X_k = E_k + e^{−2πik/N}·O_k`.
 * Bins `k` and `N/2 − k` share their inputs and are computed together, the four lanes share the twiddles and
 * the loop (written out: V8 does not vectorise).
 */
function splitPowers(plan: FbankPlan, usePower: boolean): void {
  const { spectra, power, twiddles } = plan;
  const z0 = spectra[0]!;
  const z1 = spectra[1]!;
  const z2 = spectra[2]!;
  const z3 = spectra[3]!;
  const half = plan.fftLength >> 1;
  for (const [lane, z] of [z0, z1, z2, z3].entries()) {
    const dc = z[0]! + z[1]!;
    const nyquist = z[0]! - z[1]!;
    power[lane] = 4 * dc * dc;
    power[4 * half + lane] = 4 * nyquist * nyquist;
  }
  // k runs up from bin 1 and j down from bin N/2 − 1 (as indices 2k and 2j of z and the twiddles); they meet at
  // N/4. 2·X_k = 2·E_k + e^{−iθ}·2·O_k and 2·X_{N/2−k} = conj(2·E_k) − e^{iθ}·conj(2·O_k), θ = 2πk/N.
  for (let k = 2, j = 2 * half - 2, up = 4, down = 4 * (half - 1); k <= j; k += 2, j -= 2, up += 4, down -= 4) {
    const ck = twiddles[k]!;
    const sk = twiddles[k + 1]!;
    splitBinPair(z0, k, j, ck, sk, power, up, down);
    splitBinPair(z1, k, j, ck, sk, power, up + 1, down + 1);
    splitBinPair(z2, k, j, ck, sk, power, up + 2, down + 2);
    splitBinPair(z3, k, j, ck, sk, power, up + 3, down + 3);
  }
  if (!usePower) for (let i = 0, n = 4 * (half + 1); i < n; i++) power[i] = 2 * Math.sqrt(power[i]!);
}

/**
 * One lane's bins `k` and `N/2 − k` (indices `k` and `j` of its half-length spectrum `z`) into `power[up]` and
 * `power[down]`, given the twiddle `(cos θ, sin θ)`, θ = 2πk/N. Small enough for V8 to inline into the loop.
 */
function splitBinPair(
  z: Float64Array,
  k: number,
  j: number,
  ck: number,
  sk: number,
  power: Float64Array,
  up: number,
  down: number,
): void {
  const a = z[k]!;
  const b = z[k + 1]!;
  const c = z[j]!;
  const d = z[j + 1]!;
  const s1 = a + c; // 2·Re E_k
  const d1 = b - d; // 2·Im E_k
  const s2 = b + d; // 2·Re O_k
  const d2 = a - c; // −2·Im O_k
  const u = ck * s2 - sk * d2;
  const v = ck * d2 + sk * s2;
  power[up] = (s1 + u) * (s1 + u) + (d1 - v) * (d1 - v);
  power[down] = (s1 - u) * (s1 - u) + (d1 + v) * (d1 + v);
}

/**
 * Mel sums of the {@link LANES} frames when every bin feeds at most two adjacent filters. Segment s holds the
 * bins whose lower filter is s − 1: their lower weights finish filter s − 1, their upper weights start filter
 * s (kept in the carries). Four frames share each (short, irregular) segment loop.
 */
function melSegments(pairs: AdjacentFilters, p: Float64Array, mel: Float64Array, melBins: number): void {
  const { lowerWeight, upperWeight, segmentStart, segmentEnd } = pairs;
  let carry0 = 0;
  let carry1 = 0;
  let carry2 = 0;
  let carry3 = 0;
  for (let slot = 1; slot <= melBins; slot++) {
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let k = segmentStart[slot]!, end = segmentEnd[slot]!; k < end; k++) {
      const lw = lowerWeight[k]!;
      const uw = upperWeight[k]!;
      const v0 = p[4 * k]!;
      const v1 = p[4 * k + 1]!;
      const v2 = p[4 * k + 2]!;
      const v3 = p[4 * k + 3]!;
      f0 += lw * v0;
      f1 += lw * v1;
      f2 += lw * v2;
      f3 += lw * v3;
      b0 += uw * v0;
      b1 += uw * v1;
      b2 += uw * v2;
      b3 += uw * v3;
    }
    const o = 4 * (slot - 1);
    mel[o] = carry0 + f0;
    mel[o + 1] = carry1 + f1;
    mel[o + 2] = carry2 + f2;
    mel[o + 3] = carry3 + f3;
    carry0 = b0;
    carry1 = b1;
    carry2 = b2;
    carry3 = b3;
  }
}

/** Mel sums of the {@link LANES} frames over the general sparse bank (any overlap). */
function melSparse(bank: MelFilterBank, weights: Float64Array, p: Float64Array, mel: Float64Array): void {
  const { start, length, offset, melBins } = bank;
  for (let m = 0; m < melBins; m++) {
    for (let q = 0; q < LANES; q++) {
      let sum = 0;
      const s = start[m]!;
      const w = offset[m]!;
      for (let j = 0, n = length[m]!; j < n; j++) sum += weights[w + j]! * p[LANES * (s + j) + q]!;
      mel[LANES * m + q] = sum;
    }
  }
}

/**
 * Writes the first `lanes` lanes (rows) of `mel` to `out` from `offset`, as `ln(max(sum, logFloor))` if asked,
 * each value `v` as `v·scale + shift`.
 * The logs are computed from the doubles' bits (`melHigh`: their high words): `x = 2^e·m`, `m ∈ [1, 2)` in the
 * table interval of centre `c`, `ln x = e·ln 2 + ln c + ln(1 + r)` with `r = m/c − 1`, `|r| ≤ 2^−9`, and a
 * cubic: absolute error below 1e-11, at a fraction of `Math.log`'s cost (a C call in V8).
 */
function writeRows(
  mel: Float64Array,
  melHigh: Uint32Array,
  out: Float32Array,
  offset: number,
  lanes: number,
  melBins: number,
  useLog: boolean,
  logFloor: number,
  scale: number,
  shift: number,
): void {
  if (!useLog) {
    for (let q = 0; q < lanes; q++) {
      const o = offset + q * melBins;
      for (let m = 0; m < melBins; m++) out[o + m] = mel[4 * m + q]! * scale + shift; // LANES
    }
    return;
  }
  const logOfFloor = Math.log(logFloor) * scale + shift;
  // Module constants into locals: read once, not once per value (ES module bindings carry TDZ checks).
  const highWord = HIGH_WORD;
  const tableShift = 20 - LOG_TABLE_BITS;
  const tableMask = LOG_TABLE_SIZE - 1;
  const logs = logCentre;
  const inverses = inverseCentre;
  const scales = inversePowerOfTwo;
  for (let q = 0; q < lanes; q++) {
    const o = offset + q * melBins;
    for (let m = 0; m < melBins; m++) {
      const i = 4 * m + q; // LANES
      const x = mel[i]!;
      // x > logFloor ≥ the smallest normal double: never subnormal here. NaN goes to the floor, as torch.max.
      if (!(x > logFloor)) {
        out[o + m] = logOfFloor;
        continue;
      }
      const high = melHigh[2 * i + highWord]!;
      const biased = high >>> 20;
      if (biased === 2047) {
        out[o + m] = x * scale + shift; // +Infinity
        continue;
      }
      const j = (high >>> tableShift) & tableMask;
      const r = x * (scales[biased]! * inverses[j]!) - 1;
      // ln(1 + r) ≈ r + r²·(r/3 − 1/2), error < r⁴/4 < 4e-12, as a shallow tree (the loop is latency bound).
      const log = (biased - 1023) * Math.LN2 + logs[j]! + (r + r * r * (r * (1 / 3) - 0.5));
      out[o + m] = log * scale + shift;
    }
  }
}
