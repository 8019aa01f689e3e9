import { recordingChunks } from '@tsc/ast-model';
import type { ImuRecording } from '@tsc/mcap-utils';

/** Where a live source delivers samples: one topic's times (ns) and row-major `[samples, 3]` values. */
export type SampleSink = (topic: string, timestampsNs: BigInt64Array, values: Float64Array) => void;

/** A running live source. */
export interface LiveSource {
  /** What the page should say about the source (which sensors it has). */
  readonly description: string;
  /** Stops delivering. */
  stop(): void;
}

/**
 * Replays a recording into `sink` in 50 ms chunks, each when a live source would have delivered it (`speed` times
 * real speed). `onEnd` is called after the last chunk.
 */
export function replayRecording(
  recording: ImuRecording,
  topics: readonly string[],
  speed: number,
  sink: SampleSink,
  onEnd: () => void,
): LiveSource {
  const chunks = recordingChunks(recording, topics, 0.05);
  const wallStart = performance.now();
  let firstNs: bigint | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    const { value: chunk, done } = chunks.next();
    if (done) {
      onEnd();
      return;
    }
    firstNs ??= chunk.startNs;
    for (const topic of chunk.topics) sink(topic.topic, topic.timestampsNs.slice(), topic.values.slice());
    const dueMs = Number(chunk.endNs - firstNs) / 1e6 / speed;
    timer = setTimeout(next, Math.max(0, dueMs - (performance.now() - wallStart)));
  };
  next();
  return {
    description: `replaying the recording at ${speed}× real speed`,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Buffers device samples per topic and flushes them to the sink every 50 ms. */
class DeviceBuffer {
  readonly #times = new Map<string, bigint[]>();
  readonly #values = new Map<string, number[]>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(sink: SampleSink) {
    this.#timer = setInterval(() => {
      for (const [topic, times] of this.#times) {
        if (times.length === 0) continue;
        sink(topic, BigInt64Array.from(times), Float64Array.from(this.#values.get(topic)!));
        times.length = 0;
        this.#values.get(topic)!.length = 0;
      }
    }, 50);
  }

  add(topic: string, timeMs: number, x: number, y: number, z: number): void {
    if (!this.#times.has(topic)) {
      this.#times.set(topic, []);
      this.#values.set(topic, []);
    }
    this.#times.get(topic)!.push(BigInt(Math.round((performance.timeOrigin + timeMs) * 1e6)));
    this.#values.get(topic)!.push(x, y, z);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

interface GenericSensor extends EventTarget {
  x?: number;
  y?: number;
  z?: number;
  timestamp?: number;
  start(): void;
  stop(): void;
}
type GenericSensorConstructor = new (options: { frequency: number }) => GenericSensor;

/**
 * The device's own sensors: the Generic Sensor API (`Magnetometer` µT, `Accelerometer` m/s², `Gyroscope` rad/s)
 * where the browser offers it, else `devicemotion` (acceleration with gravity and rotation rate, no magnetometer).
 */
export function deviceSensors(sink: SampleSink, frequencyHz = 100): LiveSource {
  const buffer = new DeviceBuffer(sink);
  const scope = globalThis as unknown as Record<string, GenericSensorConstructor | undefined>;
  const sensors: GenericSensor[] = [];
  const found: string[] = [];
  for (const [name, topic] of [
    ['Magnetometer', 'mag_raw'],
    ['Accelerometer', 'acc_raw'],
    ['Gyroscope', 'gyro_raw'],
  ] as const) {
    const Sensor = scope[name];
    if (Sensor === undefined) continue;
    try {
      const sensor = new Sensor({ frequency: frequencyHz });
      sensor.addEventListener('reading', () =>
        buffer.add(topic, sensor.timestamp ?? performance.now(), sensor.x ?? 0, sensor.y ?? 0, sensor.z ?? 0),
      );
      sensor.start();
      sensors.push(sensor);
      found.push(name);
    } catch {
      // Not allowed here (permissions policy, insecure context): try the next one, then devicemotion.
    }
  }
  if (found.includes('Magnetometer')) {
    return {
      description: `device sensors through the Generic Sensor API: ${found.join(', ')}`,
      stop: () => {
        for (const sensor of sensors) sensor.stop();
        buffer.stop();
      },
    };
  }
  for (const sensor of sensors) sensor.stop();
  const onMotion = (event: DeviceMotionEvent) => {
    const a = event.accelerationIncludingGravity;
    const r = event.rotationRate;
    if (a !== null) buffer.add('acc_raw', event.timeStamp, a.x ?? 0, a.y ?? 0, a.z ?? 0);
    if (r !== null) {
      const toRad = Math.PI / 180;
      buffer.add('gyro_raw', event.timeStamp, (r.beta ?? 0) * toRad, (r.gamma ?? 0) * toRad, (r.alpha ?? 0) * toRad);
    }
  };
  window.addEventListener('devicemotion', onMotion);
  return {
    description:
      'this browser offers no Magnetometer (Generic Sensor API): falling back to devicemotion, which has accelerometer and gyroscope but no magnetometer, so no window can be classified. Use Chrome on Android with the generic sensor features enabled, or replay a recording.',
    stop: () => {
      window.removeEventListener('devicemotion', onMotion);
      buffer.stop();
    },
  };
}
