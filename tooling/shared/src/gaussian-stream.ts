import type { SeededRandom } from './seeded-random.js';

/**
 * Standard normal variates from one {@link SeededRandom}, drawn in blocks of any length with the same result as one
 * long {@link SeededRandom.fillGaussian} call: the pairs of the polar method are never split and discarded at a
 * block's end (an odd block keeps its spare for the next one). A process sampled block by block (sensor noise,
 * timestamp jitter) thus gives the same numbers whatever the block length.
 * `@tsc/synthetic` samples its sensor noise and timestamp jitter through it.
 */
export class GaussianStream {
  readonly #random: SeededRandom;
  readonly #pair = new Float64Array(2);
  #hasSpare = false;

  /** @param random - The generator the stream owns from now on (nothing else should draw from it). */
  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /**
   * Fills `out` with the next `out.length` variates of the stream.
   *
   * @param out - The array to fill (every element is overwritten).
   */
  fill(out: Float64Array): void {
    let start = 0;
    if (this.#hasSpare && out.length > 0) {
      out[0] = this.#pair[1]!;
      this.#hasSpare = false;
      start = 1;
    }
    const even = (out.length - start) & ~1;
    if (even > 0) this.#random.fillGaussian(out.subarray(start, start + even));
    if (start + even < out.length) {
      this.#random.fillGaussian(this.#pair);
      out[out.length - 1] = this.#pair[0]!;
      this.#hasSpare = true;
    }
  }

  /** An independent copy in the current state (for looking ahead without moving this stream). */
  clone(): GaussianStream {
    const copy = new GaussianStream(this.#random.clone());
    copy.#pair.set(this.#pair);
    copy.#hasSpare = this.#hasSpare;
    return copy;
  }
}
