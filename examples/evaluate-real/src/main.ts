/**
 * Real-data evaluation (what `pnpm eval:real` runs): the model `pnpm demo` trains, beside the physics baselines, on
 * real IMU recordings with measured truth (the BROAD dev trials in fixtures/broad-dev, phone sensor logs at
 * 95.238 Hz). Each log is converted (`convertPhoneLogText`), classified window by window, and scored against its
 * truth labels, leaving out the ambiguous windows between labelled stretches.
 *
 *   pnpm eval:real                                      # from the repository root, after `pnpm demo`
 *   pnpm --filter @tsc/example-evaluate-real start -- [MODEL_DIR] [DATA_DIR]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  BASELINE_NAMES,
  type BinaryMetrics,
  classifyRecording,
  classifyRecordingWithBaseline,
  type DetectorScores,
  initializeBackend,
  type LabelledRecording,
  scoreDetector,
} from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import { convertPhoneLogText, parseLabels } from '@tsc/mcap-utils';
import { readPhoneLogText } from '@tsc/mcap-utils/node';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const cwd = process.env.INIT_CWD ?? process.cwd();
const repository = resolve(import.meta.dirname, '..', '..', '..');
const modelDir = resolve(cwd, args[0] ?? '.tsc-demo/model');
const dataDir = resolve(cwd, args[1] ?? join(repository, 'fixtures', 'broad-dev'));
if (!existsSync(join(modelDir, 'config.json'))) {
  console.error(`no model in ${modelDir}: run \`pnpm demo\` first, or pass a model folder`);
  process.exit(1);
}

// 1. Real recordings: phone logs with their truth labels.
const names = (await readdir(dataDir))
  .filter((file) => file.endsWith('.labels.json'))
  .map((file) => file.slice(0, -'.labels.json'.length))
  .sort();
const trials: LabelledRecording[] = [];
for (const name of names) {
  const file = existsSync(join(dataDir, `${name}.json.gz`)) ? `${name}.json.gz` : `${name}.json`;
  const { recording, warnings } = convertPhoneLogText(await readPhoneLogText(join(dataDir, file)), { fileName: file });
  for (const warning of warnings) console.warn(warning.message);
  const labels = parseLabels(await readFile(join(dataDir, `${name}.labels.json`), 'utf8')).events;
  trials.push({ name, recording, labels });
}

// 2. The model and the baselines, on the same windows.
await initializeBackend();
const classifier = await loadModelDirectory(modelDir);
const scores: [string, DetectorScores][] = [
  ['model', scoreDetector(trials, (r, labels) => classifyRecording(r, classifier, { labels }), classifier.labelNames)],
  ...BASELINE_NAMES.map((name): [string, DetectorScores] => [
    name,
    scoreDetector(trials, (r, labels) => classifyRecordingWithBaseline(r, name, { labels }), classifier.labelNames),
  ]),
];
classifier.dispose();

// 3. Per trial and overall: balanced accuracy and ROC-AUC of disturbed vs none.
const width = Math.max(14, ...scores.map(([name]) => name.length + 2));
const cell = (b: BinaryMetrics) =>
  `${b.balancedAccuracy.toFixed(3)} ${b.rocAuc === null ? '  —  ' : b.rocAuc.toFixed(3)}`.padEnd(width);
console.log(`${'trial'.padEnd(36)} ${'windows +/−'.padEnd(12)}${scores.map(([name]) => name.padEnd(width)).join('')}`);
console.log(`${''.padEnd(49)}${scores.map(() => 'BA    AUC'.padEnd(width)).join('')}`);
trials.forEach(({ name }, i) => {
  const binary = scores[0]![1].perRecording[i]!.metrics.binary;
  const counts = `${binary.positives}/${binary.negatives}`.padEnd(12);
  console.log(`${name.padEnd(36)} ${counts}${scores.map(([, s]) => cell(s.perRecording[i]!.metrics.binary)).join('')}`);
});
const overall = scores[0]![1].metrics.binary;
console.log(
  `${'all'.padEnd(36)} ${`${overall.positives}/${overall.negatives}`.padEnd(12)}${scores.map(([, s]) => cell(s.metrics.binary)).join('')}`,
);
