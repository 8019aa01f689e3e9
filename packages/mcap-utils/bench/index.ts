// Write and read a 600 s, 100 Hz, 7-topic recording (420,000 messages, 1.68 M full-precision
// doubles) and compare with the reference's Python reader: 5.8 s for such a file on a 2-core
// x86-64 machine (documented figure). Prints wall and CPU time (the machine may be shared).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImuRecording, TopicSeries } from '../src/index.js';
import { decodeRecording, encodeRecording } from '../src/index.js';
import { nativeCrc32, readRecordingFile, writeRecordingFile } from '../src/node/index.js';
import { platformCodecs } from '../src/platform/platform-codecs-node.js';
import { readWithMcapCore, writeWithMcapCore } from './mcap-core-baseline.js';

const REFERENCE_READ_SEC = 5.8;
const TARGET_SEC = 0.3;
const durationSec = 600;
const rateHz = 100;
const n = durationSec * rateHz;
const runs = Number(process.env.BENCH_RUNS ?? 5);

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

interface Timing {
  wallSec: number;
  cpuSec: number;
}

/** Best (minimum) wall and CPU time of `runs` runs: the least disturbed by other processes. */
async function time(run: () => Promise<unknown> | unknown): Promise<Timing> {
  let wallSec = Number.POSITIVE_INFINITY;
  let cpuSec = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wallSec = Math.min(wallSec, (performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuSec = Math.min(cpuSec, (cpu.user + cpu.system) / 1e6);
  }
  return { wallSec, cpuSec };
}

const format = (t: Timing) => `${t.wallSec.toFixed(3)} s wall, ${t.cpuSec.toFixed(3)} s CPU`;

const recording = makeRecording();
await encodeRecording(recording); // warm-up: loads wasm zstd, compiles the hot paths
let bytes: Uint8Array = new Uint8Array();
const write = await time(async () => {
  bytes = await encodeRecording(recording, { crc32: nativeCrc32 });
});
const read = await time(() => decodeRecording(bytes, { crc32: nativeCrc32 }));
const readNoCrc = await time(() => decodeRecording(bytes, { verifyCrc: false }));
const writeJsCrc = await time(() => encodeRecording(recording));
const readJsCrc = await time(() => decodeRecording(bytes));
const back = await decodeRecording(bytes);
for (const [topic, series] of recording.topics) {
  const values = back.topics.get(topic)!.values;
  for (let i = 0; i < values.length; i++)
    if (values[i] !== series.values[i]) throw new Error(`round trip differs: ${topic}[${i}]`);
}

// Files on disk (what writeRecordingFile / readRecordingFile users get: native CRC, temp + rename).
const dir = mkdtempSync(join(tmpdir(), 'mcap-bench-'));
const path = join(dir, 'bench.mcap');
const writeFile = await time(() => writeRecordingFile(path, recording));
const readFile = await time(() => readRecordingFile(path));
rmSync(dir, { recursive: true, force: true });

// The floor of any JSON encoding: formatting and parsing the 1.68 M doubles alone.
const all: number[] = [];
for (const series of recording.topics.values()) for (const v of series.values) all.push(v);
let texts: string[] = [];
const formatFloor = await time(() => {
  texts = all.map((v) => '' + v);
});
const parseFloor = await time(() => {
  let sum = 0;
  for (const t of texts) sum += parseFloat(t);
  return sum;
});

// The floor of the zstd step: the writer's level-1 compression and the reader's decompression of the same 1 MiB
// chunks of uncompressed records (wasm zstd, the only zstd that installs offline on Node 20).
const plain = await encodeRecording(recording, { compression: 'none' });
const zstdCompress = (await platformCodecs.loadZstdCompress())!;
const zstdDecompress = await platformCodecs.loadZstdDecompress();
const pieces: Uint8Array[] = [];
for (let o = 0; o < plain.length; o += 1 << 20) pieces.push(plain.subarray(o, Math.min(plain.length, o + (1 << 20))));
let compressed: Uint8Array[] = [];
const compressFloor = await time(() => {
  compressed = pieces.map((piece) => zstdCompress(piece, 1));
});
const decompressFloor = await time(() => {
  for (const [i, piece] of compressed.entries()) zstdDecompress(piece, pieces[i]!.length);
});

console.log(
  `recording: ${durationSec} s × ${rateHz} Hz × 7 topics = ${n * 7} messages, ${all.length} doubles; ${(bytes.length / 1e6).toFixed(2)} MB zstd`,
);
console.log(`best of ${runs} runs; target ≤ ${TARGET_SEC} s each way; reference Python read ${REFERENCE_READ_SEC} s`);
console.log(`write (in memory, native CRC): ${format(write)}`);
console.log(
  `read  (in memory, native CRC): ${format(read)} → ${(REFERENCE_READ_SEC / read.wallSec).toFixed(1)}× the reference`,
);
console.log(
  `read  (no CRC check):          ${format(readNoCrc)} → ${(REFERENCE_READ_SEC / readNoCrc.wallSec).toFixed(1)}× the reference`,
);
console.log(`write (browser entry, JS CRC): ${format(writeJsCrc)}`);
console.log(`read  (browser entry, JS CRC): ${format(readJsCrc)}`);
console.log(`writeRecordingFile:            ${format(writeFile)}`);
console.log(
  `readRecordingFile:             ${format(readFile)} → ${(REFERENCE_READ_SEC / readFile.wallSec).toFixed(1)}× the reference`,
);
console.log(`floor: format ${all.length} doubles ${format(formatFloor)}; parseFloat them ${format(parseFloor)}`);
console.log(
  `floor: zstd level 1 on the ${(plain.length / 1e6).toFixed(1)} MB of records: compress ${format(compressFloor)}; ` +
    `decompress ${format(decompressFloor)}`,
);
const writeFloor = formatFloor.cpuSec + compressFloor.cpuSec;
const readFloor = parseFloor.cpuSec + decompressFloor.cpuSec;
console.log(
  `floor of the format: write ≥ ${writeFloor.toFixed(3)} s CPU (≥ ${(writeFloor / 2).toFixed(3)} s on 2 perfectly used cores), ` +
    `read ≥ ${readFloor.toFixed(3)} s CPU (≥ ${(readFloor / 2).toFixed(3)} s on 2 cores); target ${TARGET_SEC} s`,
);

if (process.env.BENCH_BASELINE !== '0') {
  // One run each: the per-message @mcap/core path this package does not use (see README).
  const saved = runs;
  let coreBytes: Uint8Array = new Uint8Array();
  const t0 = performance.now();
  coreBytes = await writeWithMcapCore(recording);
  const coreWrite = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const count = await readWithMcapCore(coreBytes);
  const coreRead = (performance.now() - t1) / 1000;
  if (count !== all.length) throw new Error('baseline read lost values');
  console.log(
    `baseline @mcap/core per message (1 run): write ${coreWrite.toFixed(3)} s, read ${coreRead.toFixed(3)} s (${saved} runs above)`,
  );
}
