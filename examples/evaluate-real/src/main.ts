import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  BASELINE_NAMES,
  type ClassificationMetrics,
  type ClassifyRecordingResult,
  classifyRecording,
  classifyRecordingWithBaseline,
  initializeBackend,
  recordingMetrics,
} from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import { convertPhoneLogText, parseLabels } from '@tsc/mcap-utils';
import { readPhoneLogText } from '@tsc/mcap-utils/node';

const fixtures = resolve(process.env.TSC_REAL_DIR ?? '../../fixtures/broad-dev');
const modelDir = process.argv[2];

const files = new Set(await readdir(fixtures));
// the repository's copy holds <trial>.json.gz, the shared one <trial>.json
const logName = (trial: string) => (files.has(`${trial}.json.gz`) ? `${trial}.json.gz` : `${trial}.json`);
const trials = [...files]
  .filter((f) => f.endsWith('.labels.json'))
  .map((f) => f.slice(0, -12))
  .filter((trial) => files.has(logName(trial)))
  .sort();
const detectors: Record<string, (name: string) => Promise<ClassifyRecordingResult>> = {};
const recordings = new Map<
  string,
  { recording: ReturnType<typeof convertPhoneLogText>['recording']; labels: ReturnType<typeof parseLabels> }
>();
for (const trial of trials) {
  const text = await readPhoneLogText(join(fixtures, logName(trial)));
  const { recording, warnings } = convertPhoneLogText(text, { fileName: logName(trial) });
  for (const warning of warnings) console.warn(`warning: ${warning.message}`);
  const labels = parseLabels(await readFile(join(fixtures, `${trial}.labels.json`), 'utf8'));
  recordings.set(trial, { recording, labels });
}
for (const baseline of BASELINE_NAMES) {
  detectors[baseline] = async (trial) => {
    const { recording, labels } = recordings.get(trial)!;
    return classifyRecordingWithBaseline(recording, baseline, { labels: labels.events });
  };
}
if (modelDir !== undefined) {
  await initializeBackend();
  const classifier = await loadModelDirectory(modelDir);
  detectors.model = async (trial) => {
    const { recording, labels } = recordings.get(trial)!;
    return classifyRecording(recording, classifier, { labels: labels.events });
  };
}
const labelNames = ['0', '1', '2'];
const fmt = (m: ClassificationMetrics) =>
  `BA ${m.binary.balancedAccuracy.toFixed(3)} AUC ${m.binary.rocAuc?.toFixed(3) ?? '  — '} (${m.binary.positives}+/${m.binary.negatives}-)`;
for (const [name, detect] of Object.entries(detectors)) {
  const results: ClassifyRecordingResult[] = [];
  for (const trial of trials) {
    const result = await detect(trial);
    results.push(result);
    console.log(`${name.padEnd(18)} ${trial.padEnd(36)} ${fmt(recordingMetrics([result], labelNames))}`);
  }
  console.log(`${name.padEnd(18)} ${'ALL'.padEnd(36)} ${fmt(recordingMetrics(results, labelNames))}\n`);
}
