import { checkInteger, checkNumber, checkSignal, SpectrogramOptionsError } from './errors.js';

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
  /** Per phase, the first tap that is not zero (the Hann window vanishes at |t| = lowpassFilterWidth). */
  firstTap: Int32Array;
  /** Per phase, the number of taps from `firstTap` up to the last non-zero one. */
  tapCount: Int32Array;
  /** Per phase, the trimmed taps back to back (float32 values held as float64), phase `i` at `offset[i]`. */
  trimmed: Float64Array;
  /** Offset of each phase in `trimmed`. */
  offset: Int32Array;
}

const kernelCache = new Map<string, ResampleKernel>();

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

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
  const firstTap = new Int32Array(next);
  const tapCount = new Int32Array(next);
  const offset = new Int32Array(next);
  let total = 0;
  for (let i = 0; i < next; i++) {
    let first = 0;
    let last = taps - 1;
    while (first < taps && kernel[i * taps + first] === 0) first++;
    while (last >= first && kernel[i * taps + last] === 0) last--;
    firstTap[i] = first;
    tapCount[i] = Math.max(0, last - first + 1);
    offset[i] = total;
    total += tapCount[i]!;
  }
  const trimmed = new Float64Array(total);
  for (let i = 0; i < next; i++) {
    for (let j = 0; j < tapCount[i]!; j++) trimmed[offset[i]! + j] = kernel[i * taps + firstTap[i]! + j]!;
  }
  const entry = { orig, next, width, taps, kernel, firstTap, tapCount, trimmed, offset };
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
 * const audio = resample(imuAxis, { fromHz: 140, toHz: 16000 }); // 273 → 31200 samples
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
  const { orig, next, width, taps, firstTap, tapCount, trimmed, offset } = resampleKernel(
    fromHz,
    toHz,
    lowpassFilterWidth,
    rolloff,
  );
  const n = signal.length;
  const outLength = Math.ceil((next * n) / orig);
  if (!Number.isSafeInteger(outLength))
    throw new SpectrogramOptionsError('toHz', 'a rate giving a finite output', toHz);
  const out = new Float32Array(outLength);
  // Zero-extended copy: padded[m] = signal[m − width].
  const padded = new Float64Array(n + taps + orig);
  for (let m = 0; m < n; m++) padded[m + width] = signal[m]!;
  const blocks = Math.ceil(outLength / next);
  for (let k = 0; k < blocks; k++) {
    const base = k * orig;
    const outBase = k * next;
    const phases = Math.min(next, outLength - outBase);
    for (let i = 0; i < phases; i++) {
      // out[k·new + i] = Σ_j kernel[i][j] · padded[k·orig + j], four partial sums for instruction-level parallelism
      const count = tapCount[i]!;
      const w = offset[i]!;
      const x = base + firstTap[i]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < count; j += 4) {
        s0 += trimmed[w + j]! * padded[x + j]!;
        s1 += trimmed[w + j + 1]! * padded[x + j + 1]!;
        s2 += trimmed[w + j + 2]! * padded[x + j + 2]!;
        s3 += trimmed[w + j + 3]! * padded[x + j + 3]!;
      }
      for (; j < count; j++) s0 += trimmed[w + j]! * padded[x + j]!;
      out[outBase + i] = s0 + s1 + (s2 + s3);
    }
  }
  return out;
}
