// Write and read a 600 s, 100 Hz, 7-topic recording (420,000 messages) and compare with the
// reference's Python reader (5.8 s on a 2-core x86-64 machine, documented figure).
import type { ImuRecording, TopicSeries } from '../src/index.js';
import { decodeRecording, encodeRecording } from '../src/index.js';

const REFERENCE_READ_SEC = 5.8;
const TARGET_SEC = 0.3;
const durationSec = 600;
const rateHz = 100;
const n = durationSec * rateHz;

function makeRecording(): ImuRecording {
  const widths: [string, number][] = [
    ['pose_truth', 10],
    ['mag_truth', 3],
    ['acc_truth', 3],
    ['gyro_truth', 3],
    ['mag_raw', 3],
    ['acc_raw', 3],
    ['gyro_raw', 3],
  ];
  const timestampsNs = new BigInt64Array(n);
  for (let i = 0; i < n; i++) timestampsNs[i] = BigInt(i) * 10_000_000n;
  const topics = new Map<string, TopicSeries>();
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (const [topic, width] of widths) {
    const values = new Float64Array(n * width);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 1e-3) * 1886.79 + random() * 1e-3; // full-precision doubles
    topics.set(topic, { topic, timestampsNs, values, width });
  }
  return { topics, metadata: { sampleRateHz: rateHz } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const recording = makeRecording();
const runs = Number(process.env.BENCH_RUNS ?? 3);
const writeTimes: number[] = [];
const readTimes: number[] = [];
let bytes: Uint8Array = new Uint8Array();
await encodeRecording(recording); // warm-up (loads wasm zstd)
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  bytes = await encodeRecording(recording);
  writeTimes.push((performance.now() - t) / 1000);
  t = performance.now();
  const back = await decodeRecording(bytes);
  readTimes.push((performance.now() - t) / 1000);
  if (back.topics.get('pose_truth')!.values[12345] !== recording.topics.get('pose_truth')!.values[12345])
    throw new Error('mismatch');
}
const write = median(writeTimes);
const read = median(readTimes);
console.log(
  `recording: ${durationSec} s × ${rateHz} Hz × 7 topics = ${n * 7} messages, ${(bytes.length / 1e6).toFixed(2)} MB (zstd)`,
);
console.log(`write: ${write.toFixed(3)} s (median of ${runs}; target ≤ ${TARGET_SEC} s)`);
console.log(
  `read:  ${read.toFixed(3)} s (median of ${runs}; target ≤ ${TARGET_SEC} s); reference Python read ${REFERENCE_READ_SEC} s → ${(REFERENCE_READ_SEC / read).toFixed(1)}× faster`,
);
