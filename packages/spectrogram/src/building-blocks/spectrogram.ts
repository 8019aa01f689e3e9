/**
 * A 2-D time–frequency array: a flat row-major `Float32Array` with its shape `[frames, bins]`,
 * so `data[frame * bins + bin]` is one cell.
 */
export interface Spectrogram {
  /** The values, row-major: `shape[0]` rows (time frames) of `shape[1]` columns (frequency bins). */
  data: Float32Array;
  /** `[frames, bins]`. */
  shape: [number, number];
}
