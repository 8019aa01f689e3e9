/**
 * Pre-emphasis in place, `x[n] ← x[n] − coefficient·x[n−1]`, on `data[offset … offset + length)`.
 * The first sample uses itself as its predecessor (`x[0] ← (1 − coefficient)·x[0]`), as Kaldi and torchaudio
 * do per frame.
 *
 * @param data - Samples, modified in place.
 * @param coefficient - The pre-emphasis coefficient, e.g. 0.97.
 * @param offset - First sample. Defaults to 0.
 * @param length - Number of samples. Defaults to `data.length − offset`.
 */
export function preEmphasis(
  data: Float32Array | Float64Array,
  coefficient: number,
  offset = 0,
  length = data.length - offset,
): void {
  if (coefficient === 0 || length <= 0) return;
  for (let i = offset + length - 1; i > offset; i--) data[i] = data[i]! - coefficient * data[i - 1]!;
  data[offset] = data[offset]! * (1 - coefficient);
}
