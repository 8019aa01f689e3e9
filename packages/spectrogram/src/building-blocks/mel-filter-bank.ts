import { checkInteger, checkNumber, checkOneOf, SpectrogramOptionsError } from '../errors.js';
import { hzToMel, MEL_SCALES, type MelScale, melToHz } from './mel-scale.js';

/** Options of {@link melFilterBank}. */
export interface MelFilterBankOptions {
  /** Sample rate of the signal (Hz). Defaults to 16000. */
  sampleRateHz?: number;
  /** FFT length (samples); the bank covers `fftLength / 2 + 1` bins. Defaults to 512. */
  fftLength?: number;
  /** Number of mel filters. Defaults to 128. */
  melBins?: number;
  /** Lower edge of the first filter (Hz). Defaults to 20. */
  minHz?: number;
  /** Upper edge of the last filter (Hz); a value ≤ 0 counts from Nyquist (`nyquist + maxHz`), as Kaldi. Defaults to 0 (Nyquist). */
  maxHz?: number;
  /** The mel scale. Defaults to `kaldi`. */
  scale?: MelScale;
  /**
   * Triangles linear in mels (`true`: Kaldi, and the HF AST extractor) or in hertz between mel-spaced corners
   * (`false`: librosa, torchaudio `melscale_fbanks`). Defaults to `true` for the `kaldi` scale, else `false`.
   */
  triangularizeInMelSpace?: boolean;
  /** `slaney` scales each filter to unit area (`2 / (f_right − f_left)`); `none` keeps unit peaks. Defaults to `none`. */
  norm?: 'none' | 'slaney';
  /**
   * Give the Nyquist bin zero weight, as Kaldi and torchaudio.compliance.kaldi do (they build the bank on
   * `fftLength / 2` bins and pad a zero column). Defaults to `true` for the `kaldi` scale, else `false`.
   */
  excludeNyquist?: boolean;
}

/**
 * A mel filter bank in sparse form: filter `m` has non-zero weights on FFT bins
 * `start[m] … start[m] + length[m] − 1`, stored in `weights[offset[m] …]`.
 */
export interface MelFilterBank {
  /** Number of filters. */
  melBins: number;
  /** Number of FFT bins the bank reads (`fftLength / 2 + 1`). */
  fftBins: number;
  /** First non-zero bin of each filter. */
  start: Int32Array;
  /** Number of non-zero bins of each filter. */
  length: Int32Array;
  /** Offset of each filter's first weight in `weights`. */
  offset: Int32Array;
  /** The non-zero weights of all filters, back to back. */
  weights: Float32Array;
}

/**
 * Builds a triangular mel filter bank (Kaldi, HTK or Slaney scale) in sparse form.
 *
 * With the defaults it equals `torchaudio.compliance.kaldi.get_mel_banks(128, 512, 16000, 20, 0)` padded with a
 * zero Nyquist column, the bank of the HuggingFace AST feature extractor.
 *
 * @throws {@link SpectrogramOptionsError} on an invalid option (e.g. `minHz ≥ maxHz`).
 *
 * @example
 * ```ts
 * import { applyMelFilterBank, melFilterBank, RealFftPlan } from '@tsc/spectrogram';
 *
 * const bank = melFilterBank({ sampleRateHz: 16000, fftLength: 512, melBins: 128 });
 * const frame = new Float32Array(512).map((_, n) => Math.sin((2 * Math.PI * 1000 * n) / 16000));
 * const powerSpectrum = new Float64Array(257);
 * new RealFftPlan(512).powerSpectrum(frame, powerSpectrum);
 * const mel = new Float32Array(128);
 * applyMelFilterBank(bank, powerSpectrum, 0, mel, 0); // mel energies, largest near 1 kHz
 * ```
 */
export function melFilterBank({
  sampleRateHz = 16000,
  fftLength = 512,
  melBins = 128,
  minHz = 20,
  maxHz = 0,
  scale = 'kaldi',
  triangularizeInMelSpace = scale === 'kaldi',
  norm = 'none',
  excludeNyquist = scale === 'kaldi',
}: MelFilterBankOptions = {}): MelFilterBank {
  const highHz = checkedUpperEdgeHz({ sampleRateHz, fftLength, melBins, minHz, maxHz, scale, norm });
  const fftBins = Math.floor(fftLength / 2) + 1;
  const usedBins = excludeNyquist ? fftBins - 1 : fftBins;
  const binHz = sampleRateHz / fftLength;
  const melLow = hzToMel(minHz, scale);
  const melHigh = hzToMel(highHz, scale);
  const melStep = (melHigh - melLow) / (melBins + 1);
  const binMel = new Float64Array(usedBins);
  for (let k = 0; k < usedBins; k++) binMel[k] = hzToMel(binHz * k, scale);

  const start = new Int32Array(melBins);
  const length = new Int32Array(melBins);
  const offset = new Int32Array(melBins);
  const dense = new Float64Array(usedBins);
  const chunks: Float64Array[] = [];
  let total = 0;
  for (let m = 0; m < melBins; m++) {
    const leftMel = melLow + m * melStep;
    const centerMel = melLow + (m + 1) * melStep;
    const rightMel = melLow + (m + 2) * melStep;
    const leftHz = melToHz(leftMel, scale);
    const centerHz = melToHz(centerMel, scale);
    const rightHz = melToHz(rightMel, scale);
    const areaScale = norm === 'slaney' ? 2 / (rightHz - leftHz) : 1;
    let first = -1;
    let last = -1;
    for (let k = 0; k < usedBins; k++) {
      let weight: number;
      if (triangularizeInMelSpace) {
        const mel = binMel[k]!;
        weight = Math.min((mel - leftMel) / (centerMel - leftMel), (rightMel - mel) / (rightMel - centerMel));
      } else {
        const hz = binHz * k;
        weight = Math.min((hz - leftHz) / (centerHz - leftHz), (rightHz - hz) / (rightHz - centerHz));
      }
      weight = weight > 0 ? weight * areaScale : 0;
      dense[k] = weight;
      if (weight > 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) {
      start[m] = 0;
      length[m] = 0;
      offset[m] = total;
      continue;
    }
    start[m] = first;
    length[m] = last - first + 1;
    offset[m] = total;
    chunks.push(dense.slice(first, last + 1));
    total += last - first + 1;
  }
  const weights = new Float32Array(total);
  let at = 0;
  for (const chunk of chunks) {
    weights.set(chunk, at);
    at += chunk.length;
  }
  return { melBins, fftBins, start, length, offset, weights };
}

/** Checks the options of {@link melFilterBank} and returns the upper edge `maxHz` stands for (Hz). */
function checkedUpperEdgeHz({
  sampleRateHz,
  fftLength,
  melBins,
  minHz,
  maxHz,
  scale,
  norm,
}: Required<
  Pick<MelFilterBankOptions, 'sampleRateHz' | 'fftLength' | 'melBins' | 'minHz' | 'maxHz' | 'scale' | 'norm'>
>): number {
  checkNumber('sampleRateHz', sampleRateHz, Number.MIN_VALUE);
  checkInteger('fftLength', fftLength, 2);
  checkInteger('melBins', melBins, 1);
  checkOneOf('scale', scale, MEL_SCALES);
  checkOneOf('norm', norm, ['none', 'slaney'] as const);
  const nyquist = sampleRateHz / 2;
  checkNumber('minHz', minHz, 0, nyquist);
  checkNumber('maxHz', maxHz, -nyquist, nyquist);
  const highHz = maxHz <= 0 ? nyquist + maxHz : maxHz;
  if (!(highHz > minHz)) throw new SpectrogramOptionsError('maxHz', `an upper edge above minHz = ${minHz} Hz`, highHz);
  return highHz;
}

/**
 * Applies a sparse mel filter bank to one power (or magnitude) spectrum: `out[m] = Σ_k w[m,k]·spectrum[k]`.
 *
 * @param bank - The filter bank.
 * @param spectrum - Holds `bank.fftBins` values from `spectrumOffset`.
 * @param spectrumOffset - Offset of bin 0 in `spectrum`.
 * @param out - Receives `bank.melBins` values from `outOffset`.
 * @param outOffset - Offset of the first filter output in `out`.
 */
export function applyMelFilterBank(
  bank: MelFilterBank,
  spectrum: ArrayLike<number>,
  spectrumOffset: number,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const { start, length, offset, weights, melBins } = bank;
  for (let m = 0; m < melBins; m++) {
    let sum = 0;
    const s = spectrumOffset + start[m]!;
    const o = offset[m]!;
    for (let j = 0, n = length[m]!; j < n; j++) sum += weights[o + j]! * spectrum[s + j]!;
    out[outOffset + m] = sum;
  }
}
