/**
 * Replays an MCAP recording as a live sensor stream, at real speed, into a StreamingClassifier and prints each
 * window's class and probabilities as it is classified, with the latency from the chunk that completed it.
 *
 *   pnpm --filter @tsc/example-live-replay start <model-dir> <recording.mcap> [--speed 1]
 */
import { initializeBackend, recordingChunks, StreamingClassifier } from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import { readRecordingFile } from '@tsc/mcap-utils/node';

const [modelDir, recordingPath, ...rest] = process.argv.slice(2);
if (modelDir === undefined || recordingPath === undefined) {
  console.error('usage: start <model-dir> <recording.mcap> [--speed N]   (a model: tscls train, or pnpm demo)');
  process.exit(2);
}
const speedAt = rest.indexOf('--speed');
const speed = speedAt >= 0 ? Number(rest[speedAt + 1]) : 1;
if (!(speed > 0)) throw new Error(`--speed: expected a positive number, found ${rest[speedAt + 1]}`);

await initializeBackend();
const classifier = await loadModelDirectory(modelDir);
const recording = await readRecordingFile(recordingPath);
const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration });
console.log(`replaying ${recordingPath} at ${speed}× real speed: topics ${stream.topics.join(', ')}`);

const wallStart = performance.now();
let firstNs: bigint | undefined;
for (const chunk of recordingChunks(recording, stream.topics, 0.05)) {
  firstNs ??= chunk.startNs;
  // Deliver the chunk when a live source would have: at its end, in stream time.
  const dueMs = Number(chunk.endNs - firstNs) / 1e6 / speed;
  const waitMs = dueMs - (performance.now() - wallStart);
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const arrivedMs = performance.now();
  for (const { topic, timestampsNs, values } of chunk.topics) {
    for (const p of stream.push(topic, timestampsNs, values)) {
      const startSec = (Number(p.windowStartNs - firstNs) / 1e9).toFixed(1).padStart(6);
      const endSec = (Number(p.windowEndNs - firstNs) / 1e9).toFixed(1).padStart(6);
      const probabilities = p.probabilities.map((x) => x.toFixed(3)).join(' ');
      console.log(
        `${startSec} – ${endSec} s  ${p.label.padEnd(6)} [${probabilities}]  +${(performance.now() - arrivedMs).toFixed(1)} ms`,
      );
    }
  }
}
for (const p of stream.end()) console.log(`(end) ${p.label} [${p.probabilities.map((x) => x.toFixed(3)).join(' ')}]`);
classifier.dispose();
