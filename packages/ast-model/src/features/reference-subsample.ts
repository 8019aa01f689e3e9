import { calibratedRecording, type RecordingMetadata, type TopicSeries } from '@tsc/mcap-utils';
import { MAX_REFERENCE_SAMPLES, type SensorReference, sensorReference } from '@tsc/spectrogram';

/**
 * The reference field of a recording read block by block, as `prepareRecording` measures it on the whole recording,
 * holding at most about {@link MAX_REFERENCE_SAMPLES} samples: every `stride`-th calibrated `mag_raw` sample
 * (`stride = ⌈magSamples / MAX_REFERENCE_SAMPLES⌉`, the stride `sensorReference` takes itself), each with the
 * `acc_raw` value at its time (interpolated linearly between the accelerometer samples around it, clamped at the ends).
 * On a recording whose topics share their timestamps at the model's rate (which `prepareRecording` leaves as it is),
 * these are exactly the samples `sensorReference` reads, so the reference is the same; on one that is resampled, the
 * samples are the raw ones around the resampled grid's, and the medians differ by a little (the tests measure it).
 * @internal
 */
export class ReferenceSubsample {
  readonly #stride: number;
  readonly #metadata: RecordingMetadata;
  readonly #withAcc: boolean;
  #magIndex = 0;
  /** Picked field samples still waiting for the accelerometer samples around their time. */
  #pending: { timeNs: bigint; values: number[] }[] = [];
  /** Accelerometer samples that a picked field sample (pending or to come) may still need, oldest first. */
  #accTimes: bigint[] = [];
  #accValues: number[] = [];
  #lastMagNs: bigint | undefined;
  readonly #mag: number[] = [];
  readonly #acc: number[] = [];

  /**
   * @param magSamples - The recording's `mag_raw` sample count (e.g. its MCAP summary's message count).
   * @param metadata - The recording's metadata: its `calibration` turns raw counts into µT and m/s².
   * @param withAcc - Whether the recording has `acc_raw` (the dip and specific force need it).
   */
  constructor(magSamples: number, metadata: RecordingMetadata, withAcc: boolean) {
    this.#stride = Math.max(1, Math.ceil(magSamples / MAX_REFERENCE_SAMPLES));
    this.#metadata = metadata;
    this.#withAcc = withAcc;
  }

  /** Adds the next samples of `mag_raw` or `acc_raw` (each topic in time order; other topics are ignored). */
  add(series: TopicSeries): void {
    if (series.topic === 'mag_raw') this.#addMag(this.#calibrated(series));
    else if (series.topic === 'acc_raw' && this.#withAcc) this.#addAcc(this.#calibrated(series));
    else return;
    this.#pair(false);
  }

  /** The reference of the samples picked (the accelerometer clamped to its last sample for the last field samples). */
  reference(): SensorReference {
    this.#pair(true);
    const mag = Float64Array.from(this.#mag);
    return sensorReference(this.#withAcc ? { mag, acc: Float64Array.from(this.#acc) } : { mag });
  }

  #calibrated(series: TopicSeries): TopicSeries {
    const recording = { topics: new Map([[series.topic, series]]), metadata: this.#metadata };
    return calibratedRecording(recording).topics.get(series.topic)!;
  }

  #addMag({ timestampsNs, values }: TopicSeries): void {
    for (let i = 0; i < timestampsNs.length; i++, this.#magIndex++) {
      if (this.#magIndex % this.#stride !== 0) continue;
      const row = [values[3 * i]!, values[3 * i + 1]!, values[3 * i + 2]!];
      if (this.#withAcc) this.#pending.push({ timeNs: timestampsNs[i]!, values: row });
      else this.#mag.push(...row);
    }
    if (timestampsNs.length > 0) this.#lastMagNs = timestampsNs[timestampsNs.length - 1]!;
  }

  #addAcc({ timestampsNs, values }: TopicSeries): void {
    for (let i = 0; i < timestampsNs.length; i++) {
      this.#accTimes.push(timestampsNs[i]!);
      this.#accValues.push(values[3 * i]!, values[3 * i + 1]!, values[3 * i + 2]!);
    }
  }

  /** Pairs the pending field samples whose accelerometer samples are here (all of them at the end), then drops those no later one needs. */
  #pair(atEnd: boolean): void {
    const times = this.#accTimes;
    if (times.length === 0) return;
    let j = 0;
    while (this.#pending.length > 0) {
      const { timeNs, values } = this.#pending[0]!;
      while (j + 1 < times.length && times[j + 1]! <= timeNs) j++;
      if (j + 1 === times.length && times[j]! < timeNs && !atEnd) break;
      this.#mag.push(...values);
      this.#acc.push(...this.#accAt(j, timeNs));
      this.#pending.shift();
    }
    // a later pick lies at or after the last field sample seen: keep the accelerometer sample just before it on
    const bound = this.#pending[0]?.timeNs ?? this.#lastMagNs;
    if (bound === undefined) return;
    let keep = 0;
    while (keep + 1 < times.length && times[keep + 1]! <= bound) keep++;
    if (keep > 0) {
      this.#accTimes = times.slice(keep);
      this.#accValues = this.#accValues.slice(3 * keep);
    }
  }

  /** The accelerometer at `timeNs`, between its samples `j` and `j + 1` (clamped at the ends). */
  #accAt(j: number, timeNs: bigint): number[] {
    const times = this.#accTimes;
    const v = this.#accValues;
    if (j + 1 >= times.length || timeNs <= times[j]!) return [v[3 * j]!, v[3 * j + 1]!, v[3 * j + 2]!];
    const u = Number(timeNs - times[j]!) / Number(times[j + 1]! - times[j]!);
    return [0, 1, 2].map((axis) => v[3 * j + axis]! + u * (v[3 * (j + 1) + axis]! - v[3 * j + axis]!));
  }
}
