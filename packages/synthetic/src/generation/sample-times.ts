import type { SeededRandom } from '@tsc/shared';

/** The sample times of a recording: seconds from the first nominal sample, and log times. */
export interface SampleTimes {
  /** Time of each sample from the first nominal sample time (s), jitter included. */
  readonly seconds: Float64Array;
  /** Log time of each sample (ns): `start_time_ns + round(seconds·1e9)`, strictly increasing. */
  readonly timestampsNs: BigInt64Array;
}

/** Jitter is truncated to this share of a sample period, so neighbouring samples never swap or coincide. */
export const JITTER_LIMIT_PERIODS = 0.4;

/**
 * Sample n at n/rate (+ Gaussian jitter of standard deviation `jitterSec`, truncated to ±0.4 periods), logged at
 * `startTimeNs + round(n·1e9/rate + jitter·1e9)`. Jitter never moves a sample before `startTimeNs` (the first
 * sample's jitter is truncated at 0 instead), so a recording starting at 0 ns has no negative log time: MCAP log
 * times are unsigned. Without jitter no random number is drawn.
 */
export function sampleTimes({
  count,
  sampleRateHz,
  startTimeNs,
  jitterSec,
  random,
}: {
  count: number;
  sampleRateHz: number;
  startTimeNs: number;
  jitterSec: number;
  random: SeededRandom;
}): SampleTimes {
  const seconds = new Float64Array(count);
  const timestampsNs = new BigInt64Array(count);
  const nsPerSample = 1e9 / sampleRateHz;
  const start = BigInt(startTimeNs);
  const jitter = new Float64Array(jitterSec > 0 ? count : 0);
  if (jitterSec > 0) random.fillGaussian(jitter);
  const limit = JITTER_LIMIT_PERIODS / sampleRateHz;
  for (let n = 0; n < count; n++) {
    const earliest = Math.max(-limit, -n / sampleRateHz);
    const offset = jitterSec > 0 ? Math.max(earliest, Math.min(limit, jitterSec * jitter[n]!)) : 0;
    seconds[n] = n / sampleRateHz + offset;
    timestampsNs[n] = start + BigInt(Math.round(n * nsPerSample + offset * 1e9));
  }
  return { seconds, timestampsNs };
}
