import { checkOneOf } from '../errors.js';

/**
 * Mel scales:
 * - `kaldi`: `1127·ln(1 + f/700)` (Kaldi, torchaudio.compliance.kaldi)
 * - `htk`: `2595·log10(1 + f/700)` (HTK, torchaudio `mel_scale="htk"`; numerically the same curve as `kaldi`)
 * - `slaney`: linear below 1 kHz (`3f/200`), logarithmic above (`15 + 27·ln(f/1000)/ln 6.4`) (librosa default)
 */
export type MelScale = 'kaldi' | 'htk' | 'slaney';

/** The mel scale names. */
export const MEL_SCALES: readonly MelScale[] = ['kaldi', 'htk', 'slaney'];

const slaneyMinLogHz = 1000;
const slaneyMinLogMel = 15;
const slaneyLogStep = Math.log(6.4) / 27;

/**
 * Converts a frequency to mels.
 *
 * @param hz - Frequency (Hz).
 * @param scale - The mel scale. Defaults to `kaldi`.
 * @returns The frequency in mels.
 */
export function hzToMel(hz: number, scale: MelScale = 'kaldi'): number {
  checkOneOf('scale', scale, MEL_SCALES);
  if (scale === 'kaldi') return 1127 * Math.log(1 + hz / 700);
  if (scale === 'htk') return 2595 * Math.log10(1 + hz / 700);
  if (hz < slaneyMinLogHz) return (3 * hz) / 200;
  return slaneyMinLogMel + Math.log(hz / slaneyMinLogHz) / slaneyLogStep;
}

/**
 * Converts mels to a frequency, the inverse of {@link hzToMel}.
 *
 * @param mel - Mels.
 * @param scale - The mel scale. Defaults to `kaldi`.
 * @returns The frequency (Hz).
 */
export function melToHz(mel: number, scale: MelScale = 'kaldi'): number {
  checkOneOf('scale', scale, MEL_SCALES);
  if (scale === 'kaldi') return 700 * (Math.exp(mel / 1127) - 1);
  if (scale === 'htk') return 700 * (10 ** (mel / 2595) - 1);
  if (mel < slaneyMinLogMel) return (200 * mel) / 3;
  return slaneyMinLogHz * Math.exp(slaneyLogStep * (mel - slaneyMinLogMel));
}
