/**
 * `pnpm --filter @tsc/ast-model bench:streaming-real -- MODEL_DIR [TIME_CONSTANT_SEC]`: the streaming classifier on
 * real recordings (the BROAD dev trials in fixtures/broad-dev, phone logs at 95.238 Hz, converted with the library),
 * beside `classifyRecording` on the same trials. Each trial is replayed in 0.25 s chunks, the way a live source
 * delivers it, into a `StreamingClassifier` that knows nothing of the recording ahead: it resamples each window to
 * the model's rate and estimates the reference field as it goes (`RunningSensorReference`). Prints per trial and
 * overall: the balanced accuracy and ROC-AUC of disturbed vs none (ambiguous windows left out) streamed and batch,
 * and the share of windows after a warm-up whose streamed class equals the batch class, with the running reference
 * and with the batch reference given.
 */
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { convertPhoneLogText, parseLabels } from '@tsc/mcap-utils';
import { readPhoneLogText } from '@tsc/mcap-utils/node';
import { resolveSensorSpectrogramOptions } from '@tsc/spectrogram';
import {
  type BinaryMetrics,
  type ClassifyRecordingResult,
  classifyRecording,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  initializeBackend,
  recordingMetrics,
  StreamingClassifier,
  type StreamingPrediction,
  sensorFeatureSettingsOf,
} from '../src/index.js';
import { classAgreement, matchBatchWindows, replayInChunks } from '../src/inference/streaming-replay.test-helper.js';
import { loadModelDirectory } from '../src/node/index.js';

/** Windows at the start of a stream left out of the agreement: the running reference has seen only them. */
const WARM_UP_WINDOWS = 10;

const args = process.argv.slice(2).filter((arg) => arg !== '--');
if (args[0] === undefined) {
  console.error('usage: bench:streaming-real -- MODEL_DIR [TIME_CONSTANT_SEC]');
  process.exit(2);
}
const modelDir = resolve(process.env.INIT_CWD ?? process.cwd(), args[0]);
const referenceTimeConstantSec = args[1] === undefined ? undefined : Number(args[1]);
const backend = await initializeBackend();
const classifier = await loadModelDirectory(modelDir);
const settings = sensorFeatureSettingsOf(classifier);
const defaults = {
  ...DEFAULT_SENSOR_FEATURE_SETTINGS,
  spectrogram: resolveSensorSpectrogramOptions(DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram),
};
/** JSON with keys sorted, so that equal settings compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
const matches = canonical(settings) === canonical(defaults);
console.log(
  `model ${modelDir}: feature settings ${matches ? 'equal' : 'DIFFER FROM'} the current defaults; backend ${backend.backend}; ` +
    `running reference time constant ${referenceTimeConstantSec ?? 300} s; agreement after ${WARM_UP_WINDOWS} windows`,
);

/** Streamed windows scored against the batch windows' truth (matched by start time). */
function streamedResult(
  streamed: readonly StreamingPrediction[],
  batch: ClassifyRecordingResult,
): Pick<ClassifyRecordingResult, 'messages' | 'truth'> {
  const matched = matchBatchWindows(streamed, batch.messages, settings.hopSec);
  return {
    messages: streamed.map((p) => ({
      logTimeNs: p.windowEndNs,
      predictedClassId: p.classId,
      label: p.label,
      probabilities: p.probabilities,
      windowStartNs: p.windowStartNs,
      windowEndNs: p.windowEndNs,
    })),
    truth: matched.map((k) => (k < 0 ? undefined : batch.truth![k])),
  };
}

const dataDir = fixturePath('broad-dev');
const names = (await readdir(dataDir))
  .filter((file) => file.endsWith('.labels.json'))
  .map((file) => file.slice(0, -'.labels.json'.length))
  .sort();
const cell = (b: BinaryMetrics) =>
  `${b.balancedAccuracy.toFixed(3)} ${b.rocAuc === null ? '  —  ' : b.rocAuc.toFixed(3)}`;
console.log(
  `${'trial'.padEnd(34)} ${'+/−'.padEnd(7)} ${'batch BA AUC'.padEnd(13)} ${'stream BA AUC'.padEnd(13)}  same class: running ref, batch ref`,
);
const all = {
  batch: [] as ClassifyRecordingResult[],
  streamed: [] as Pick<ClassifyRecordingResult, 'messages' | 'truth'>[],
};
const totals = { running: [0, 0], given: [0, 0] };
for (const name of names) {
  const file = `${name}.json.gz`;
  const { recording } = convertPhoneLogText(await readPhoneLogText(`${dataDir}/${file}`), { fileName: file });
  const labels = parseLabels(await readFile(`${dataDir}/${name}.labels.json`, 'utf8')).events;
  const batch = classifyRecording(recording, classifier, { labels });
  const running = replayInChunks(
    new StreamingClassifier(classifier, referenceTimeConstantSec === undefined ? {} : { referenceTimeConstantSec }),
    recording,
  );
  const given = replayInChunks(new StreamingClassifier(classifier, { reference: batch.reference! }), recording);
  const streamed = streamedResult(running, batch);
  all.batch.push(batch);
  all.streamed.push(streamed);
  const agreement = classAgreement(running, batch.messages, settings.hopSec, WARM_UP_WINDOWS);
  const agreementGiven = classAgreement(given, batch.messages, settings.hopSec, WARM_UP_WINDOWS);
  totals.running[0]! += agreement.agreeing;
  totals.running[1]! += agreement.compared;
  totals.given[0]! += agreementGiven.agreeing;
  totals.given[1]! += agreementGiven.compared;
  const binary = recordingMetrics([batch], classifier.labelNames).binary;
  console.log(
    `${name.padEnd(34)} ${`${binary.positives}/${binary.negatives}`.padEnd(7)} ${cell(binary).padEnd(13)} ` +
      `${cell(recordingMetrics([streamed], classifier.labelNames).binary).padEnd(13)}  ` +
      `${agreement.agreeing}/${agreement.compared}, ${agreementGiven.agreeing}/${agreementGiven.compared}`,
  );
}
const batchAll = recordingMetrics(all.batch, classifier.labelNames).binary;
const streamedAll = recordingMetrics(all.streamed, classifier.labelNames).binary;
const share = ([agreeing, compared]: number[]) =>
  `${agreeing}/${compared} = ${((100 * agreeing!) / compared!).toFixed(1)} %`;
console.log(
  `${'all'.padEnd(34)} ${`${batchAll.positives}/${batchAll.negatives}`.padEnd(7)} ${cell(batchAll).padEnd(13)} ` +
    `${cell(streamedAll).padEnd(13)}  ${share(totals.running)}, ${share(totals.given)}`,
);
classifier.dispose();
