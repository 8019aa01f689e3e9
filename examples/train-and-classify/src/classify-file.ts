/**
 * Classifies one recording file with a saved model: each window's class and probabilities go to a
 * `.classification.mcap` beside it, and consecutive windows of one class are merged into a `.predicted.labels.json`.
 * The model's own feature settings say how the recording is windowed and featurised, at any input sample rate.
 *
 *   pnpm --filter @tsc/example-train-and-classify classify-file -- <model-dir> <recording.mcap>
 */
import { classifyRecording, initializeBackend } from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import { DISTORTION_LABEL_KEY, distortionLevelOf, labelEventTimesNs } from '@tsc/mcap-utils';
import { readRecordingFile, writeClassificationFile, writeLabelsFile } from '@tsc/mcap-utils/node';

const [modelDir, recordingPath] = process.argv.slice(2).filter((arg) => arg !== '--');
if (modelDir === undefined || recordingPath === undefined) {
  console.error(
    'usage: classify-file <model-dir> <recording.mcap>   (a model: tscls train, pnpm demo or this example)',
  );
  process.exit(2);
}

await initializeBackend();
const classifier = await loadModelDirectory(modelDir);
const { messages, events, resampling } = classifyRecording(await readRecordingFile(recordingPath), classifier);
classifier.dispose();

const stem = recordingPath.replace(/\.mcap$/, '');
await writeClassificationFile(`${stem}.classification.mcap`, messages);
await writeLabelsFile(`${stem}.predicted.labels.json`, { events });
console.log(
  `${messages.length} windows classified${resampling?.resampled ? ` (resampled ${resampling.fromHz.toFixed(1)} → ${resampling.toHz} Hz)` : ''}`,
);
for (const event of events) {
  const { startNs, endNs } = labelEventTimesNs(event);
  const span = `${(Number(startNs) / 1e9).toFixed(1)}–${(Number(endNs) / 1e9).toFixed(1)} s`;
  console.log(`  ${span.padEnd(14)} ${distortionLevelOf(event.metadata[DISTORTION_LABEL_KEY])}`);
}
console.log(`written: ${stem}.classification.mcap, ${stem}.predicted.labels.json`);
