/**
 * Removes the mean (DC offset) of `data[offset … offset + length)` in place.
 *
 * @param data - Samples, modified in place.
 * @param offset - First sample. Defaults to 0.
 * @param length - Number of samples. Defaults to `data.length − offset`.
 * @returns The mean that was removed.
 */
export function removeDcOffset(data: Float32Array | Float64Array, offset = 0, length = data.length - offset): number {
  if (length <= 0) return 0;
  let sum = 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) sum += data[i]!;
  const mean = sum / length;
  for (let i = offset; i < end; i++) data[i] = data[i]! - mean;
  return mean;
}
