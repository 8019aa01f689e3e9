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
  const entry = { orig, next, width, taps, kernel };
  if (kernelCache.size > 16) kernelCache.clear();
  kernelCache.set(key, entry);
  return entry;
}

/**
 * Band-limited resampling equal to `torchaudio.transforms.Resample(fromHz, toHz)` (windowed sinc with a Hann
 * window, lowpass width 6, rolloff 0.99): the ratio is reduced by the gcd, the polyphase kernel table is
 * computed once per ratio (and cached), the signal is zero-extended by `width` samples on the left and
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
  const { orig, next, width, taps, kernel } = resampleKernel(fromHz, toHz, lowpassFilterWidth, rolloff);
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
      const kOffset = i * taps;
      let sum = 0;
      for (let j = 0; j < taps; j++) sum += kernel[kOffset + j]! * padded[base + j]!;
      out[outBase + i] = sum;
    }
  }
  return out;
}
