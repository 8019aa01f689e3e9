import { gcd } from '../building-blocks/gcd.js';
import { checkInteger, checkNumber, checkSignal, SpectrogramOptionsError } from '../errors.js';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** The input rate (Hz); an integer, as torchaudio requires. */
  fromHz: number;
  /** The output rate (Hz); an integer. */
  toHz: number;
  /** Zero crossings of the sinc on each side (sharpness of the filter). Defaults to 6. */
  lowpassFilterWidth?: number;
  /** Cut-off as a fraction of the lower Nyquist rate (anti-aliasing margin). Defaults to 0.99. */
  rolloff?: number;
}

/**
 * A polyphase kernel table for one reduced ratio `orig → new` (both divided by their gcd): phase `i` of
 * `new` has `2·width + orig` taps. Computed once per ratio and cached.
 */
interface ResampleKernel {
  orig: number;
  next: number;
  width: number;
  taps: number;
  kernel: Float32Array;
  /**
   * Per phase, the first tap read: the first non-zero one (the Hann window vanishes at |t| =
   * lowpassFilterWidth), moved back if needed so that `span` taps fit in the phase.
   */
  firstTap: Int32Array;
  /** Taps read per phase: the longest run from a phase's first to its last non-zero tap (the same for all). */
  span: number;
  /**
   * Per phase, `stride` values: the `span` taps from `firstTap` (float32 values held as float64), then zeros;
   * phase `i` at `i·stride`.
   */
  trimmed: Float64Array;
  /** {@link UNROLLED_TAPS} when `span` fits in the unrolled loop, else `span`. */
  stride: number;
}

const kernelCache = new Map<string, ResampleKernel>();

/** Phases of at most this many taps run as straight-line code (no inner loop, no loop exits to mispredict). */
const UNROLLED_TAPS = 16;

/**
 * The torchaudio `_get_sinc_resample_kernel` (method `sinc_interp_hann`), in float64 then rounded to float32
 * as torchaudio's `Resample` transform does.
 */
function resampleKernel(fromHz: number, toHz: number, lowpassFilterWidth: number, rolloff: number): ResampleKernel {
  const key = `${fromHz}|${toHz}|${lowpassFilterWidth}|${rolloff}`;
  const cached = kernelCache.get(key);
  if (cached !== undefined) return cached;
  const divisor = gcd(fromHz, toHz);
  const orig = fromHz / divisor;
  const next = toHz / divisor;
  const baseFreq = Math.min(orig, next) * rolloff;
  const width = Math.ceil((lowpassFilterWidth * orig) / baseFreq);
  const taps = 2 * width + orig;
  const kernel = new Float32Array(next * taps);
  const scale = baseFreq / orig;
  for (let i = 0; i < next; i++) {
    for (let j = 0; j < taps; j++) {
      // t = (−i/new + (j − width)/orig) · baseFreq, clamped to ±lowpassFilterWidth. torchaudio computes −i/new
      // as an int64 tensor divided by an int, i.e. in float32, and the rest in float64: so do we.
      let t = (Math.fround(-i / next) + (j - width) / orig) * baseFreq;
      if (t < -lowpassFilterWidth) t = -lowpassFilterWidth;
      else if (t > lowpassFilterWidth) t = lowpassFilterWidth;
      const c = Math.cos((t * Math.PI) / lowpassFilterWidth / 2);
      const window = c * c;
      const x = t * Math.PI;
      const sinc = x === 0 ? 1 : Math.sin(x) / x;
      kernel[i * taps + j] = sinc * window * scale;
    }
  }
  // Trim the zero taps at both ends of every phase (≈ 40% of them for 140 → 16000 Hz): the sums are unchanged.
  // Every phase then reads the same number of taps (12 or 13 non-zero for 140 → 16000 Hz: all read 13, the
  // extra one being a true, zero, kernel tap); up to 16 taps run as straight-line code (zeros after `span`).
  const firstTap = new Int32Array(next);
  let span = 0;
  for (let i = 0; i < next; i++) {
    let first = 0;
    let last = taps - 1;
    while (first < taps && kernel[i * taps + first] === 0) first++;
    while (last >= first && kernel[i * taps + last] === 0) last--;
    firstTap[i] = first;
    span = Math.max(span, last - first + 1);
  }
  const stride = Math.max(span, UNROLLED_TAPS);
  const trimmed = new Float64Array(next * stride);
  for (let i = 0; i < next; i++) {
    firstTap[i] = Math.min(firstTap[i]!, taps - span);
    for (let j = 0; j < span; j++) trimmed[i * stride + j] = kernel[i * taps + firstTap[i]! + j]!;
  }
  const entry = { orig, next, width, taps, kernel, firstTap, span, trimmed, stride };
  if (kernelCache.size > 16) kernelCache.clear();
  kernelCache.set(key, entry);
  return entry;
}

/**
 * Band-limited resampling equal to `torchaudio.transforms.Resample(fromHz, toHz)` (windowed sinc with a Hann
 * window, lowpass width 6, rolloff 0.99): the ratio is reduced by the gcd, the polyphase kernel table is
 * computed once per ratio (and cached, zero taps trimmed), the signal is zero-extended by `width` samples on the left and
 * `width + orig` on the right, and the output has `⌈toHz·n/fromHz⌉` samples.
 *
 * @param signal - Input samples at `fromHz`.
 * @returns A new `Float32Array` at `toHz`.
 * @throws {@link SpectrogramOptionsError} if a rate is not a positive integer or an option is out of range.
 *
 * @example
 * ```ts
 * import { resample } from '@tsc/spectrogram';
 *
 * const imuAxis = new Float32Array(273).map((_, n) => Math.sin(n / 10));
 * const audio = resample(imuAxis, { fromHz: 140, toHz: 16000 });
 * console.log(audio.length); // 31200
 * ```
 */
export function resample(
  signal: Float32Array | Float64Array,
  { fromHz, toHz, lowpassFilterWidth = 6, rolloff = 0.99 }: ResampleOptions,
): Float32Array {
  checkSignal('signal', signal);
  checkInteger('fromHz', fromHz, 1);
  checkInteger('toHz', toHz, 1);
  checkInteger('lowpassFilterWidth', lowpassFilterWidth, 1);
  checkNumber('rolloff', rolloff, Number.MIN_VALUE, 1);
  if (fromHz === toHz) return Float32Array.from(signal);
  const kernel = resampleKernel(fromHz, toHz, lowpassFilterWidth, rolloff);
  const { orig, next, width, taps } = kernel;
  const n = signal.length;
  const outLength = Math.ceil((next * n) / orig);
  if (!Number.isSafeInteger(outLength))
    throw new SpectrogramOptionsError('toHz', 'a rate giving a finite output', toHz);
  const out = new Float32Array(outLength);
  // Zero-extended copy: padded[m] = signal[m − width], with room for the unrolled loop's zero-weight reads.
  const padded = new Float64Array(n + taps + orig + UNROLLED_TAPS);
  for (let m = 0; m < n; m++) padded[m + width] = signal[m]!;
  if (kernel.span <= UNROLLED_TAPS) resampleUnrolled(kernel, padded, out);
  else resampleLoop(kernel, padded, out);
  return out;
}

/**
 * out[k·new + i] = Σ_j kernel[i][j] · padded[k·orig + firstTap[i] + j] with 16 taps in straight-line code,
 * phase by phase: the phase's taps stay in registers while k runs (≈ 2× faster than output order).
 */
function resampleUnrolled(kernel: ResampleKernel, padded: Float64Array, out: Float32Array): void {
  const { orig, next, firstTap, trimmed: c } = kernel;
  const outLength = out.length;
  for (let i = 0; i < next; i++) {
    const w = i * UNROLLED_TAPS;
    const c0 = c[w]!;
    const c1 = c[w + 1]!;
    const c2 = c[w + 2]!;
    const c3 = c[w + 3]!;
    const c4 = c[w + 4]!;
    const c5 = c[w + 5]!;
    const c6 = c[w + 6]!;
    const c7 = c[w + 7]!;
    const c8 = c[w + 8]!;
    const c9 = c[w + 9]!;
    const c10 = c[w + 10]!;
    const c11 = c[w + 11]!;
    const c12 = c[w + 12]!;
    const c13 = c[w + 13]!;
    const c14 = c[w + 14]!;
    const c15 = c[w + 15]!;
    for (let o = i, x = firstTap[i]!; o < outLength; o += next, x += orig) {
      const s0 = c0 * padded[x]! + c1 * padded[x + 1]! + c2 * padded[x + 2]! + c3 * padded[x + 3]!;
      const s1 = c4 * padded[x + 4]! + c5 * padded[x + 5]! + c6 * padded[x + 6]! + c7 * padded[x + 7]!;
      const s2 = c8 * padded[x + 8]! + c9 * padded[x + 9]! + c10 * padded[x + 10]! + c11 * padded[x + 11]!;
      const s3 = c12 * padded[x + 12]! + c13 * padded[x + 13]! + c14 * padded[x + 14]! + c15 * padded[x + 15]!;
      out[o] = s0 + s1 + (s2 + s3);
    }
  }
}

/** The same for kernels longer than {@link UNROLLED_TAPS}: four partial sums over `span` taps. */
function resampleLoop(kernel: ResampleKernel, padded: Float64Array, out: Float32Array): void {
  const { orig, next, firstTap, span, trimmed, stride } = kernel;
  const outLength = out.length;
  for (let base = 0, outBase = 0; outBase < outLength; base += orig, outBase += next) {
    const phases = Math.min(next, outLength - outBase);
    for (let i = 0; i < phases; i++) {
      const w = i * stride;
      const x = base + firstTap[i]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < span; j += 4) {
        s0 += trimmed[w + j]! * padded[x + j]!;
        s1 += trimmed[w + j + 1]! * padded[x + j + 1]!;
        s2 += trimmed[w + j + 2]! * padded[x + j + 2]!;
        s3 += trimmed[w + j + 3]! * padded[x + j + 3]!;
      }
      for (; j < span; j++) s0 += trimmed[w + j]! * padded[x + j]!;
      out[outBase + i] = s0 + s1 + (s2 + s3);
    }
  }
}
