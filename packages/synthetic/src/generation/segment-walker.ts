import type { SeededRandom } from '@tsc/shared';
import { LabelRunBuilder } from '../labels/deviation-labels.js';
import type { SegmentSummary } from '../labels/segment-summary.js';
import {
  dipoleFieldAt,
  envelopeAt,
  type SegmentDistortion,
  type SegmentPath,
  segmentDistortion,
} from '../physics/distortion-model.js';
import { type ResolvedDistortion, resolveDistortion } from '../physics/distortion-strength.js';
import { motionAt, motionSample, prepareMotion, type SegmentMotion } from '../physics/motion-model.js';
import { rotateBy, rotationMatrix, toBody } from '../physics/rotation.js';
import type { Plan } from '../plan/plan-types.js';
import type { GeneratedArrays } from './assemble-recording.js';
import type { SampleClock } from './sample-times.js';

/** Segment boundaries on the cumulative plan time: no drift, duration·rate samples per segment. */
export interface SegmentLayout {
  /** Planned start of each segment, and the end of the last (s from the first sample). */
  readonly startSec: Float64Array;
  /** Index of each segment's first sample, and the sample count of the recording last. */
  readonly firstSample: Float64Array;
  /** Samples in the recording. */
  readonly total: number;
}

/** The {@link SegmentLayout} of a plan. */
export function segmentLayout(plan: Plan): SegmentLayout {
  const rate = plan.initialization.sample_rate;
  const count = plan.segments.length;
  const startSec = new Float64Array(count + 1);
  const firstSample = new Float64Array(count + 1);
  for (let s = 0; s < count; s++) {
    startSec[s + 1] = startSec[s]! + plan.segments[s]!.duration_s;
    const exact = startSec[s + 1]! * rate;
    // a tolerance for rounding in the cumulative time, at most half a sample (it would cut samples off past 5e8)
    const tolerance = Math.min(0.5, 1e-9 * Math.max(1, exact));
    firstSample[s + 1] = Math.max(firstSample[s]!, Math.ceil(exact - tolerance));
  }
  return { startSec, firstSample, total: firstSample[count]! };
}

/** The per-sample arrays of one block, and its sample times in seconds. */
export interface BlockArrays extends GeneratedArrays {
  /** Time of each sample from the first nominal sample (s), jitter included. */
  readonly seconds: Float64Array;
}

/** What a {@link SegmentWalker} needs. */
export interface SegmentWalkerContext {
  readonly plan: Plan;
  readonly layout: SegmentLayout;
  /** The recording's clock; the walker moves it through every sample. */
  readonly clock: SampleClock;
  /** Earth field, ENU (µT). */
  readonly field: readonly [number, number, number];
  /** Gravity (m/s²). */
  readonly gravity: number;
  /** The distortion geometry's random stream (drawn per segment, in segment order). */
  readonly random: SeededRandom;
  /** Length of the look-ahead buffer of a dipole's path (samples). */
  readonly blockLength: number;
}

/** The segment being walked. */
interface ActiveSegment {
  readonly index: number;
  readonly motion: SegmentMotion;
  readonly distortion: SegmentDistortion;
  readonly runs: LabelRunBuilder;
}

/** A walked segment, kept until its end time is known. */
interface WalkedSegment {
  readonly index: number;
  readonly resolved: ResolvedDistortion;
  readonly runs: LabelRunBuilder;
}

/**
 * Walks a plan's segments sample by sample, block by block, holding one segment's state at a time: times (through
 * the clock), motion (pose, specific force in m/s², body rate in rad/s) and the magnetometer truth (µT) with its
 * deviation, which feeds the segment's label runs. Each segment starts at the previous one's planned end:
 * q ⊗ exp(ω·T), p + translation (oscillations are 0 at segment ends).
 */
export class SegmentWalker {
  readonly #context: SegmentWalkerContext;
  readonly #fieldNorm: number;
  readonly #fieldUnit: readonly number[];
  readonly #resolved: readonly ResolvedDistortion[];
  readonly #qStart: Float64Array;
  readonly #pStart: Float64Array;
  readonly #sample = motionSample();
  readonly #rotation = new Float64Array(9);
  readonly #undisturbed = new Float64Array(3);
  readonly #dipole = new Float64Array(3);
  readonly #walked: WalkedSegment[] = [];
  /** Log times of the samples that start a segment (ns). */
  readonly #boundaryTimesNs = new Map<number, bigint>();
  #active: ActiveSegment | undefined;
  /** Index of the next segment to enter. */
  #next = 0;

  constructor(context: SegmentWalkerContext) {
    this.#context = context;
    const [bx, by, bz] = context.field;
    this.#fieldNorm = Math.hypot(bx, by, bz);
    this.#fieldUnit = [bx / this.#fieldNorm, by / this.#fieldNorm, bz / this.#fieldNorm];
    this.#resolved = context.plan.segments.map((segment, s) => resolveDistortion(segment, s));
    const { position, rotation } = context.plan.initialization.pose;
    const norm = Math.hypot(rotation.w, rotation.x, rotation.y, rotation.z);
    this.#qStart = Float64Array.of(rotation.w / norm, rotation.x / norm, rotation.y / norm, rotation.z / norm);
    this.#pStart = Float64Array.of(position.x, position.y, position.z);
  }

  /** Notes about plan values that were adjusted, in segment order. */
  get warnings(): string[] {
    return this.#resolved.flatMap((resolved) => (resolved.warning === undefined ? [] : [resolved.warning]));
  }

  /** Fills times, pose and truths of the block's `count` samples from sample `first` (the clock's next sample). */
  fillBlock(block: BlockArrays, first: number, count: number): void {
    const { layout, clock } = this.#context;
    for (let n = first; n < first + count; ) {
      const active = this.#advanceTo(n);
      const pieceEnd = Math.min(first + count, layout.firstSample[active.index + 1]!);
      const from = n - first;
      const to = pieceEnd - first;
      clock.fill(block.seconds.subarray(from, to), block.timestampsNs.subarray(from, to));
      if (n === layout.firstSample[active.index]) this.#boundaryTimesNs.set(n, block.timestampsNs[from]!);
      for (let k = from; k < to; k++) this.#fillSample(active, block, k);
      n = pieceEnd;
    }
  }

  /** After the last block: walks the segments left (empty ones) and returns every segment's summary. */
  summaries(): SegmentSummary[] {
    this.#advanceTo(this.#context.layout.total + 1);
    return this.#walked.map((walked) => this.#summary(walked));
  }

  /** Finishes the segments that end at or before sample n and enters the next, up to the one holding n. */
  #advanceTo(n: number): ActiveSegment {
    const { firstSample } = this.#context.layout;
    const count = this.#context.plan.segments.length;
    while (this.#active === undefined || n >= firstSample[this.#active.index + 1]!) {
      if (this.#active !== undefined) this.#finish(this.#active);
      this.#active = undefined;
      if (this.#next >= count) break;
      this.#active = this.#enter(this.#next++);
    }
    return this.#active as ActiveSegment;
  }

  /** Sets up segment s: its motion, its distortion (drawn now, in segment order) and its label runs. */
  #enter(s: number): ActiveSegment {
    const { plan, layout } = this.#context;
    const segment = plan.segments[s]!;
    const motion = prepareMotion(segment);
    const q = this.#qStart;
    rotationMatrix(q[0]!, q[1]!, q[2]!, q[3]!, this.#rotation);
    const body = new Float64Array(3);
    const unit = this.#fieldUnit;
    toBody(this.#rotation, unit[0]!, unit[1]!, unit[2]!, body, 0);
    const distortion = segmentDistortion(segment, this.#resolved[s]!, {
      fieldNorm: this.#fieldNorm,
      fieldUnit: unit,
      bodyUnit: Array.from(body),
      path: this.#lookAhead(s, motion),
      random: this.#context.random,
    });
    return { index: s, motion, distortion, runs: new LabelRunBuilder(layout.firstSample[s]!) };
  }

  /** Segment s's path, visited through a copy of the clock: nothing of it is held. */
  #lookAhead(s: number, motion: SegmentMotion): SegmentPath {
    const { layout, clock, blockLength } = this.#context;
    const count = layout.firstSample[s + 1]! - layout.firstSample[s]!;
    const qStart = this.#qStart.slice();
    const pStart = this.#pStart.slice();
    return {
      start: Array.from(pStart),
      forEachSample: (visit) => {
        const ahead = clock.clone();
        const seconds = new Float64Array(Math.min(blockLength, count));
        const sample = motionSample();
        for (let done = 0; done < count; done += seconds.length) {
          const chunk = seconds.subarray(0, Math.min(seconds.length, count - done));
          ahead.fill(chunk);
          for (const time of chunk) {
            const tau = time - layout.startSec[s]!;
            motionAt(motion, tau, qStart, pStart, sample);
            visit(sample.position, tau / motion.duration);
          }
        }
      },
    };
  }

  /** Keeps the segment until its end time is known, and moves the start pose to its planned end. */
  #finish(active: ActiveSegment): void {
    this.#walked.push({ index: active.index, resolved: this.#resolved[active.index]!, runs: active.runs });
    const { motion } = active;
    rotateBy(
      this.#qStart,
      motion.rate[0],
      motion.rate[1],
      motion.rate[2],
      motion.rateNorm,
      motion.duration,
      this.#sample.q,
    );
    this.#qStart.set(this.#sample.q);
    for (let i = 0; i < 3; i++) this.#pStart[i] = this.#pStart[i]! + motion.translation[i]!;
  }

  /** Motion and magnetometer truth of the block's sample k. */
  #fillSample(active: ActiveSegment, block: BlockArrays, k: number): void {
    const { layout, gravity } = this.#context;
    const { motion } = active;
    const tau = block.seconds[k]! - layout.startSec[active.index]!;
    const sample = this.#sample;
    motionAt(motion, tau, this.#qStart, this.#pStart, sample);
    const { q, position: p, worldAcceleration: a, bodyAcceleration: tap } = sample;
    const r = this.#rotation;
    rotationMatrix(q[0]!, q[1]!, q[2]!, q[3]!, r);
    const o = k * 3;
    // specific force = linear acceleration − gravity vector (ENU: +g on up), plus taps in the body frame
    toBody(r, a[0]!, a[1]!, a[2]! + gravity, block.accTruth, o);
    for (let i = 0; i < 3; i++) {
      block.accTruth[o + i] = block.accTruth[o + i]! + tap[i]!;
      block.gyroTruth[o + i] = sample.rate[i]!;
    }
    const { lat, lng, height } = this.#context.plan.initialization.pose.origin;
    const po = k * 10;
    block.pose[po] = lat;
    block.pose[po + 1] = lng;
    block.pose[po + 2] = height;
    for (let i = 0; i < 3; i++) block.pose[po + 3 + i] = p[i]!;
    for (let i = 0; i < 4; i++) block.pose[po + 6 + i] = q[i]!;
    const deviation = this.#fieldSample(active.distortion, tau / motion.duration, p, block.magTruth, o);
    active.runs.add(deviation, block.timestampsNs[k]!);
  }

  /**
   * One magnetometer truth sample, m = Rᵀ(B + e·world offset + e·dipole) + e·body offset + e·K·RᵀB (e the
   * envelope, R the rotation of the sample just moved), into `m[o..o+2]`; returns the deviation ‖m − RᵀB‖/‖B‖.
   */
  #fieldSample(distortion: SegmentDistortion, progress: number, p: Float64Array, m: Float64Array, o: number): number {
    const field = this.#context.field;
    const undisturbed = this.#undisturbed;
    const e = envelopeAt(distortion.envelope, progress);
    const { worldOffset: w, bodyOffset: b, softIron: K, dipole } = distortion;
    let fx = field[0] + e * w[0];
    let fy = field[1] + e * w[1];
    let fz = field[2] + e * w[2];
    if (dipole !== undefined) {
      dipoleFieldAt(dipole, p, progress, this.#dipole, 0);
      fx += e * this.#dipole[0]!;
      fy += e * this.#dipole[1]!;
      fz += e * this.#dipole[2]!;
    }
    toBody(this.#rotation, fx, fy, fz, m, o);
    toBody(this.#rotation, field[0], field[1], field[2], undisturbed, 0);
    for (let i = 0; i < 3; i++) {
      let extra = e * b[i]!;
      if (K !== undefined) {
        extra += e * (K[i * 3]! * undisturbed[0]! + K[i * 3 + 1]! * undisturbed[1]! + K[i * 3 + 2]! * undisturbed[2]!);
      }
      m[o + i] = m[o + i]! + extra;
    }
    return (
      Math.hypot(m[o]! - undisturbed[0]!, m[o + 1]! - undisturbed[1]!, m[o + 2]! - undisturbed[2]!) / this.#fieldNorm
    );
  }

  /** The log time of sample n; past the last sample, one nominal period after it per missing sample. */
  #timeOf(n: number): bigint {
    return this.#boundaryTimesNs.get(n) ?? this.#context.clock.nominalTimeNs(n);
  }

  #summary({ index, resolved, runs }: WalkedSegment): SegmentSummary {
    const segment = this.#context.plan.segments[index]!;
    const first = this.#context.layout.firstSample[index]!;
    const end = this.#context.layout.firstSample[index + 1]!;
    const labelRuns = runs.finish(this.#timeOf(end));
    return {
      name: segment.name,
      firstSample: first,
      sampleCount: end - first,
      startTimeNs: this.#timeOf(first),
      endTimeNs: this.#timeOf(end),
      level: resolved.level,
      strength: resolved.strength,
      kind: resolved.kind,
      hasDistortionInfo: segment.mag_distortion !== undefined || segment.magnetic_distortion !== undefined,
      ...(labelRuns === undefined ? {} : { labelRuns }),
    };
  }
}
