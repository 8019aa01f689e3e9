import {
  type AstClassifier,
  BASELINE_NAMES,
  type BaselineName,
  type ClassifyRecordingResult,
  checkLabelValues,
  classifyRecordingWithBaseline,
  initializeBackend,
  recordingMetrics,
} from '@tsc/ast-model';
import {
  classifyRecordingFile,
  findLabelledRecordings,
  type LabelledRecordingFiles,
  loadModelDirectory,
  readLabelledRecordings,
} from '@tsc/ast-model/node';
import { DISTORTION_LABELS, distortionClassNames } from '@tsc/mcap-utils';
import { readLabelsFile, writeFileAtomic } from '@tsc/mcap-utils/node';
import { type Command, Option } from 'commander';
import { checkInputFolder, checkOutputFile } from '../cli-files.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import { CliUsageError } from '../errors.js';
import { formatBinary, formatMetrics } from '../features/format-metrics.js';
import { startProgress } from '../progress.js';

interface EvaluateCommandOptions {
  model?: string;
  baseline?: BaselineName;
  data: string;
  labels?: string;
  output?: string;
}

/** What `--model` names, in error messages. */
export const MODEL_FOLDER = 'a model folder (tscls train)';

/** `tscls evaluate (--model MODEL_DIR | --baseline NAME) --data DIR [--labels DIR] [--output metrics.json]`. */
export function registerEvaluateCommand(program: Command, { io }: CommandContext): void {
  program
    .command('evaluate')
    .description(
      'evaluate a model or a physics baseline on labelled recordings: per-class P/R/F1, macro-F1, confusion, and disturbed-vs-none balanced accuracy and ROC-AUC',
    )
    .addOption(new Option('--model <dir>', 'the model folder (tscls train)').conflicts('baseline'))
    .addOption(new Option('--baseline <name>', 'a physics rule instead of a model').choices([...BASELINE_NAMES]))
    .requiredOption('--data <dir>', 'folder of <name>.mcap recordings (any sample rate)')
    .option(
      '--labels <dir>',
      'folder of the <name>.labels.json truth (default: beside the recordings); windows in unlabelled gaps are left out',
    )
    .option('-o, --output <file>', 'also write the metrics as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  tscls evaluate --model model/ --data held-out/ --output metrics.json\n  tscls evaluate --baseline field-consistency --data converted/ --labels truth/',
    )
    .action((options: EvaluateCommandOptions) => evaluateCommand(options, io));
}

/** Refuses a command given neither `--model` nor `--baseline` (commander refuses both together). */
export function checkDetectorChosen(options: { model?: string; baseline?: string }): void {
  if (options.model === undefined && options.baseline === undefined) {
    throw new CliUsageError('--model | --baseline', 'a model folder or a baseline name', undefined);
  }
}

/** Scores the model (or the baseline) recording by recording, then over all, and writes the metrics when asked. */
async function evaluateCommand(options: EvaluateCommandOptions, io: CliIo): Promise<void> {
  checkDetectorChosen(options);
  if (options.model !== undefined) await checkInputFolder('--model', options.model, MODEL_FOLDER);
  await checkInputFolder('--data', options.data, 'a folder of recordings');
  if (options.labels !== undefined) await checkInputFolder('--labels', options.labels, 'a folder of labels files');
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  const files = await findLabelledRecordings(options.data, options.labels);
  const classifier = options.model === undefined ? undefined : await loadClassifier(options.model);
  try {
    const labelNames = classifier?.labelNames ?? DISTORTION_LABELS;
    const progress = startProgress(io, 'evaluate', files.length);
    const results: ClassifyRecordingResult[] = [];
    const lines: string[] = [];
    const detected =
      classifier === undefined
        ? baselineResults(files, options.baseline!, labelNames)
        : modelResults(files, classifier, labelNames);
    for await (const { name, result } of detected) {
      results.push(result);
      const binary = recordingMetrics([result], labelNames).binary;
      lines.push(`${name}: ${formatBinary(binary)}${resamplingNote(result)}`);
      progress.update(results.length);
    }
    progress.stop();
    const metrics = recordingMetrics(results, labelNames);
    const what = classifier === undefined ? `baseline ${options.baseline}` : `model ${options.model}`;
    const table = formatMetrics(metrics, distortionClassNames(labelNames));
    io.stdout(`${lines.join('\n')}\n\n${what}, ${files.length} recordings, ${table}`);
    if (options.output !== undefined) {
      await writeFileAtomic(options.output, `${JSON.stringify(metrics, null, 2)}\n`);
      io.stdout(`metrics written to ${options.output}\n`);
    }
  } finally {
    classifier?.dispose();
  }
}

/** One recording's name and result. */
interface RecordingResult {
  name: string;
  result: ClassifyRecordingResult;
}

/**
 * The model's result on each recording, read block by block (`classifyRecordingFile`: memory for one chunk and about
 * one window, whatever the recording's length), with the truth of its labels file.
 */
async function* modelResults(
  files: readonly LabelledRecordingFiles[],
  classifier: AstClassifier,
  labelNames: readonly string[],
): AsyncGenerator<RecordingResult> {
  for (const { name, mcapPath, labelsPath } of files) {
    const labels = (await readLabelsFile(labelsPath)).events;
    checkLabelValues({ name, labels, labelsSource: labelsPath }, labelNames);
    yield { name, result: await classifyRecordingFile(mcapPath, classifier, { labels }) };
  }
}

/** A physics rule's result on each recording (read whole: the rules take a recording in memory). */
async function* baselineResults(
  files: readonly LabelledRecordingFiles[],
  baseline: BaselineName,
  labelNames: readonly string[],
): AsyncGenerator<RecordingResult> {
  for await (const labelled of readLabelledRecordings(files)) {
    checkLabelValues(labelled, labelNames);
    yield {
      name: labelled.name,
      result: classifyRecordingWithBaseline(labelled.recording, baseline, { labels: labelled.labels }),
    };
  }
}

async function loadClassifier(dir: string): Promise<AstClassifier> {
  await initializeBackend();
  return loadModelDirectory(dir);
}

/** ` (resampled 95.24 → 100 Hz, jitter ≤ 2.0 ms)` when the recording was resampled, else nothing. */
export function resamplingNote({ resampling }: Pick<ClassifyRecordingResult, 'resampling'>): string {
  if (resampling === undefined || !resampling.resampled) return '';
  return ` (resampled ${resampling.fromHz.toFixed(2)} → ${resampling.toHz} Hz, jitter ≤ ${(resampling.jitterSec * 1e3).toFixed(1)} ms)`;
}
