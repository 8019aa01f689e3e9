import { GaussianStream, type SeededRandom } from '@tsc/shared';

/** Jitter is truncated to this share of a sample period, so neighbouring samples never swap or coincide. */
export const JITTER_LIMIT_PERIODS = 0.4;

/** What a {@link SampleClock} needs. */
export interface SampleClockOptions {
  /** Sample rate (Hz). */
  sampleRateHz: number;
  /** Log time of the first nominal sample (ns). */
  startTimeNs: number;
  /** Standard deviation of the jitter (s); 0 for an exact clock. */
  jitterSec: number;
  /** The jitter's own random stream (nothing else draws from it). */
  random: SeededRandom;
}

/**
 * The sample times of a recording, produced in order, block by block: sample n at n/rate (+ Gaussian jitter of
 * standard deviation `jitterSec`, truncated to ±0.4 periods), logged at `startTimeNs + round(n·1e9/rate +
 * jitter·1e9)`. Jitter never moves a sample before `startTimeNs` (the first sample's jitter is truncated at 0
 * instead), so a recording starting at 0 ns has no negative log time: MCAP log times are unsigned. Without jitter
 * no random number is drawn. The jitter comes from one {@link GaussianStream}, so the times do not depend on how
 * the samples are split into blocks.
 */
export class SampleClock {
  readonly #rate: number;
  readonly #nsPerSample: number;
  readonly #start: bigint;
  readonly #jitterSec: number;
  readonly #jitter: GaussianStream;
  #next: number;

  private constructor(rate: number, start: bigint, jitterSec: number, jitter: GaussianStream, next: number) {
    this.#rate = rate;
    this.#nsPerSample = 1e9 / rate;
    this.#start = start;
    this.#jitterSec = jitterSec;
    this.#jitter = jitter;
    this.#next = next;
  }

  /** A clock at sample 0. */
  static create({ sampleRateHz, startTimeNs, jitterSec, random }: SampleClockOptions): SampleClock {
    return new SampleClock(sampleRateHz, BigInt(startTimeNs), jitterSec, new GaussianStream(random), 0);
  }

  /** Index of the next sample {@link SampleClock.fill} produces. */
  get nextSample(): number {
    return this.#next;
  }

  /**
   * The times of the next `seconds.length` samples: seconds from the first nominal sample (jitter included) and,
   * when given, log times (ns).
   */
  fill(seconds: Float64Array, timestampsNs?: BigInt64Array): void {
    const rate = this.#rate;
    const jittered = this.#jitterSec > 0;
    if (jittered) this.#jitter.fill(seconds);
    const limit = JITTER_LIMIT_PERIODS / rate;
    for (let k = 0; k < seconds.length; k++) {
      const n = this.#next + k;
      const earliest = Math.max(-limit, -n / rate);
      const offset = jittered ? Math.max(earliest, Math.min(limit, this.#jitterSec * seconds[k]!)) : 0;
      seconds[k] = n / rate + offset;
      if (timestampsNs !== undefined) {
        timestampsNs[k] = this.#start + BigInt(Math.round(n * this.#nsPerSample + offset * 1e9));
      }
    }
    this.#next += seconds.length;
  }

  /** The nominal log time of sample n (ns), without jitter: for times past the last sample. */
  nominalTimeNs(n: number): bigint {
    return this.#start + BigInt(Math.round((n * 1e9) / this.#rate));
  }

  /** An independent copy at the same sample (for looking ahead without moving this clock). */
  clone(): SampleClock {
    return new SampleClock(this.#rate, this.#start, this.#jitterSec, this.#jitter.clone(), this.#next);
  }
}
