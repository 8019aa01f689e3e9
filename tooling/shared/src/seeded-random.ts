/**
 * A small, seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018, https://prng.di.unimi.it/)
 * seeded through SplitMix32, with standard normal variates by the Box–Muller transform, Gamma and Beta variates
 * (Marsaglia–Tsang) and Fisher–Yates shuffles. Same seed, same sequence, on every platform (32-bit integer
 * arithmetic only). The one generator of the `@tsc/*` packages: `@tsc/synthetic` draws recordings with it,
 * `@tsc/ast-model` splits, shuffles and augments datasets with it.
 *
 * @example
 * ```ts
 * import { SeededRandom } from '@tsc/synthetic';
 *
 * const random = new SeededRandom(42);
 * random.nextUint32(); // 32-bit unsigned integer
 * random.nextFloat(); // uniform in [0, 1)
 * random.nextGaussian(); // standard normal
 * random.shuffle([1, 2, 3]); // the same order for the same seed
 * ```
 */
export class SeededRandom {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareGaussian = 0;
  #hasSpare = false;

  /** @param seed - Any integer (only the low 32 bits are used). */
  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /**
   * A generator with the given raw xoshiro128** state (for known-answer tests); at least one word must be non-zero.
   *
   * @param state - The four 32-bit state words.
   */
  static fromState(state: readonly [number, number, number, number]): SeededRandom {
    const random = new SeededRandom(0);
    random.#s0 = state[0] | 0;
    random.#s1 = state[1] | 0;
    random.#s2 = state[2] | 0;
    random.#s3 = state[3] | 0;
    return random;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = (this.#s3 << 11) | (this.#s3 >>> 21);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, n).
   *
   * @param n - The number of possible values, at most 2⁵³.
   */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** A uniform double in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.nextFloat();
  }

  /** A standard normal variate (mean 0, variance 1), Box–Muller. */
  nextGaussian(): number {
    if (this.#hasSpare) {
      this.#hasSpare = false;
      return this.#spareGaussian;
    }
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.#spareGaussian = radius * Math.sin(angle);
    this.#hasSpare = true;
    return radius * Math.cos(angle);
  }

  /**
   * Fills `out` with standard normal variates, fast: the state is kept in locals and the Marsaglia polar method
   * uses 32-bit uniforms (resolution 2⁻³², tails to about 6.7σ), no trigonometry. A different stream from
   * {@link SeededRandom.nextGaussian}, equally deterministic.
   *
   * @param out - The array to fill (every element is overwritten).
   */
  fillGaussian(out: Float64Array): void {
    let s0 = this.#s0;
    let s1 = this.#s1;
    let s2 = this.#s2;
    let s3 = this.#s3;
    const n = out.length;
    let i = 0;
    while (i < n) {
      // two xoshiro128** outputs → u, v uniform in (−1, 1)
      let product = Math.imul(s1, 5);
      const a = Math.imul((product << 7) | (product >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      product = Math.imul(s1, 5);
      const b = Math.imul((product << 7) | (product >>> 25), 9);
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const u = (a + 0.5) * 4.656612873077393e-10; // (a + 0.5) / 2³¹, a signed 32-bit
      const v = (b + 0.5) * 4.656612873077393e-10;
      const r = u * u + v * v;
      if (r >= 1 || r === 0) continue;
      const f = Math.sqrt((-2 * Math.log(r)) / r);
      out[i++] = u * f;
      if (i < n) out[i++] = v * f;
    }
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#s3 = s3;
  }

  /**
   * A Gamma(shape, 1) variate (Marsaglia–Tsang; shapes below 1 by the boost `Gamma(shape + 1)·U^(1/shape)`).
   *
   * @param shape - The shape parameter, > 0.
   */
  nextGamma(shape: number): number {
    if (shape < 1) return this.nextGamma(shape + 1) * this.nextFloat() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextFloat();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * A Beta(a, b) variate, from two Gamma variates.
   *
   * @param a - The first shape parameter, > 0.
   * @param b - The second shape parameter, > 0.
   */
  nextBeta(a: number, b: number): number {
    const x = this.nextGamma(a);
    const y = this.nextGamma(b);
    return x / (x + y);
  }

  /**
   * Shuffles `array` in place (Fisher–Yates) and returns it.
   *
   * @param array - The array to shuffle.
   */
  shuffle<T extends unknown[] | Int32Array | Uint32Array | Float64Array>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = array[i]!;
      array[i] = array[j]!;
      array[j] = swap;
    }
    return array;
  }

  /** An independent copy of this generator in its current state: both then give the same sequence. */
  clone(): SeededRandom {
    const copy = SeededRandom.fromState([this.#s0, this.#s1, this.#s2, this.#s3]);
    copy.#spareGaussian = this.#spareGaussian;
    copy.#hasSpare = this.#hasSpare;
    return copy;
  }

  /** A derived generator for an independent stream (seeded from this one). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32() ^ 0x5bd1e995);
  }

  /** A random RFC 4122 version-4 UUID string from this generator. */
  uuid4(): string {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const value = this.nextUint32();
      bytes[i] = value & 0xff;
      bytes[i + 1] = (value >>> 8) & 0xff;
      bytes[i + 2] = (value >>> 16) & 0xff;
      bytes[i + 3] = value >>> 24;
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
