import {
  type AstClassifier,
  BASELINE_NAMES,
  type BaselineName,
  type ClassifyRecordingResult,
  classifyRecordingWithBaseline,
  initializeBackend,
  StreamingClassifier,
} from '@tsc/ast-model';
import { classifyRecordingFile, loadModelDirectory } from '@tsc/ast-model/node';
import {
  DISTORTION_LABEL_KEY,
  DISTORTION_LABELS,
  distortionClassNames,
  labelEventTimesNs,
  parsePhoneLogLine,
} from '@tsc/mcap-utils';
import {
  checkDistinctOutputs,
  inspectRecordingFile,
  readRecordingFile,
  writeClassificationFile,
  writeLabelsFile,
} from '@tsc/mcap-utils/node';
import { type Command, Option } from 'commander';
import { checkInputFile, checkInputFolder, checkOutputFile } from '../cli-files.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import { CliCommandError, CliUsageError } from '../errors.js';
import { oneOfOption, positiveNumberOption } from '../option-parsers.js';
import { startProgress } from '../progress.js';
import { checkDetectorChosen, MODEL_FOLDER, resamplingNote } from './evaluate.js';
import { followLines } from './follow-lines.js';

interface ClassifyCommandOptions {
  model?: string;
  baseline?: BaselineName;
  input?: string;
  output?: string;
  labelsOut?: string;
  follow?: string;
  idleSec?: number;
  rate?: number;
  accelUnit: 'g' | 'm/s^2';
  json?: boolean;
}

/** Seconds with one decimal, right-aligned, from a log time (ns). */
function seconds(timeNs: bigint): string {
  return (Number(timeNs) / 1e9).toFixed(1).padStart(7);
}

/** The per-window table: window start and end (s), class, probability of each class. */
function windowTable(messages: ClassifyRecordingResult['messages'], names: readonly string[]): string {
  const width = Math.max(5, ...names.map((name) => name.length));
  const header = `  ${'start'.padStart(7)}   ${'end'.padStart(7)}    ${'class'.padEnd(width)}  ${names.map((name) => name.padStart(width)).join(' ')}\n`;
  const rows = messages.map(
    (m) =>
      `  ${seconds(m.windowStartNs)} – ${seconds(m.windowEndNs)} s  ${(names[m.predictedClassId] ?? m.label).padEnd(width)}  ${m.probabilities.map((p) => p.toFixed(3).padStart(width)).join(' ')}\n`,
  );
  return header + rows.join('');
}

/** The `--json` document: every window and every merged event, times in ns as decimal strings. */
function classificationJson(
  result: ClassifyRecordingResult,
  labelNames: readonly string[],
  names: readonly string[],
  input: string,
): string {
  const className = (label: string) => names[labelNames.indexOf(label)] ?? label;
  const windows = result.messages.map((m) => ({
    windowStartNs: String(m.windowStartNs),
    windowEndNs: String(m.windowEndNs),
    label: m.label,
    className: className(m.label),
    probabilities: m.probabilities,
  }));
  const events = result.events.map((event) => {
    const { startNs, endNs } = labelEventTimesNs(event);
    const label = String(event.metadata[DISTORTION_LABEL_KEY]);
    return { startNs: String(startNs), endNs: String(endNs), label, className: className(label) };
  });
  return `${JSON.stringify({ input, classNames: names, windows, events }, null, 2)}\n`;
}

/**
 * `--follow`: feeds sensor-log JSON lines (one record of a phone log's `data` per line) from a growing file or
 * standard input to a {@link StreamingClassifier} and prints one JSON line per window as soon as it is classified.
 */
async function followAndClassify(
  classifier: AstClassifier,
  options: ClassifyCommandOptions,
  io: CliIo,
): Promise<number> {
  const stream = new StreamingClassifier(classifier, options.rate === undefined ? {} : { sampleRateHz: options.rate });
  const names = distortionClassNames(classifier.labelNames);
  let windows = 0;
  const print = (predictions: ReturnType<StreamingClassifier['push']>) => {
    for (const p of predictions) {
      windows++;
      io.stdout(
        `${JSON.stringify({
          windowStartNs: String(p.windowStartNs),
          windowEndNs: String(p.windowEndNs),
          classId: p.classId,
          label: p.label,
          name: names[p.classId],
          probabilities: p.probabilities,
        })}\n`,
      );
    }
  };
  const source = options.follow!;
  let lineNumber = 0;
  for await (const line of followLines(source, options.idleSec === undefined ? {} : { idleSec: options.idleSec })) {
    lineNumber++;
    const sample = parsePhoneLogLine(line, `${source === '-' ? '<stdin>' : source}:${lineNumber}`, options.accelUnit);
    if (sample !== undefined) print(stream.push(sample.topic, [sample.timeNs], sample.values));
  }
  print(stream.end());
  io.stderr(
    `classified ${windows} windows from ${lineNumber} lines of ${source === '-' ? 'standard input' : source}\n`,
  );
  return windows;
}

/**
 * `tscls classify --model MODEL_DIR --input REC.mcap --output OUT.classification.mcap [--labels-out OUT.labels.json]`,
 * or `tscls classify --model MODEL_DIR --follow FILE|- [--idle-sec S] [--rate HZ]` for a live stream.
 */
export function registerClassifyCommand(program: Command, { io }: CommandContext): void {
  program
    .command('classify')
    .description('classify every window of a recording: classes with probabilities, merged into label events')
    .addOption(new Option('--model <dir>', 'the model folder (tscls train)').conflicts('baseline'))
    .addOption(
      new Option(
        '--baseline <name>',
        'a physics rule instead of a model (with --input; it reads the recording whole)',
      ).choices([...BASELINE_NAMES]),
    )
    .option('--input <file>', 'the MCAP recording')
    .option('-o, --output <file>', 'the .classification.mcap to write (topic classification)')
    .option('--labels-out <file>', "also write the predictions as label events (the reference's labels format)")
    .option('--json', 'print every window and label event as JSON instead of the tables')
    .option(
      '--follow <file>',
      "classify live: sensor-log JSON lines (one record of a phone log's data per line) from a growing file, or - for standard input; prints one JSON line per window",
    )
    .option(
      '--idle-sec <s>',
      'with --follow on a file: stop when it has not grown for this long (default: never)',
      positiveNumberOption(),
    )
    .option(
      '--rate <hz>',
      "with --follow: the stream's magnetometer rate (default: estimated from its first samples)",
      positiveNumberOption(),
    )
    .option(
      '--accel-unit <unit>',
      'with --follow: unit of the ACCEL_AUTOCAL records, g (converted to m/s² × 9.80665) or m/s^2',
      oneOfOption(['g', 'm/s^2'] as const),
      'g',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  tscls classify --model model/ --input run.mcap --output run.classification.mcap --labels-out run.predicted.labels.json\n  tscls classify --baseline deviation-bound --input run.mcap --output run.classification.mcap\n  phone-sensor-stream | tscls classify --model model/ --follow -',
    )
    .action((options: ClassifyCommandOptions) => classifyCommand(options, io));
}

/** Refuses a missing or conflicting input or output before the model is loaded. */
function checkClassifyOptions(options: ClassifyCommandOptions): void {
  checkDetectorChosen(options);
  if (options.follow !== undefined) {
    if (options.baseline !== undefined) {
      throw new CliUsageError(
        '--follow',
        'a model (--model): the physics rules classify recorded files',
        options.follow,
      );
    }
    if (options.input !== undefined) {
      throw new CliUsageError('--follow', 'either --follow or --input, not both', options.follow);
    }
    return;
  }
  if (options.input === undefined) throw new CliUsageError('--input', 'an MCAP recording (or --follow)', undefined);
  if (options.output === undefined) throw new CliUsageError('--output', 'a .classification.mcap path', undefined);
  const outputs = [{ name: '--output', path: options.output }];
  if (options.labelsOut !== undefined) outputs.push({ name: '--labels-out', path: options.labelsOut });
  checkDistinctOutputs(outputs);
}

/** Loads the model and classifies a file, or a live stream with `--follow`; or classifies a file with a rule. */
async function classifyCommand(options: ClassifyCommandOptions, io: CliIo): Promise<void> {
  checkClassifyOptions(options);
  await checkFileOptions(options);
  if (options.baseline !== undefined) {
    const recording = await readRecordingFile(options.input!);
    const result = classifyRecordingWithBaseline(recording, options.baseline);
    await reportClassification(result, RULE_DETECTOR, options, io);
    return;
  }
  await initializeBackend();
  const classifier = await loadModelDirectory(options.model!);
  try {
    if (options.follow !== undefined) await followAndClassify(classifier, options, io);
    else await classifyFile(classifier, options, io);
  } finally {
    classifier.dispose();
  }
}

/** The physics rules with their default options: the reference's labels, 2 s windows. */
const RULE_DETECTOR: Detector = { kind: 'rule', labelNames: DISTORTION_LABELS, windowSec: 2 };

/**
 * Classifies `--input` with the model and reports it ({@link reportClassification}). The recording is read one chunk
 * at a time in two passes (`classifyRecordingFile`), so its length does not bound the memory.
 */
async function classifyFile(classifier: AstClassifier, options: ClassifyCommandOptions, io: CliIo): Promise<void> {
  // the window count arrives with the first block's report: the bar starts at 0/1 and takes the total then
  const progress = startProgress(io, 'classify', 1);
  let result: ClassifyRecordingResult;
  try {
    result = await classifyRecordingFile(options.input!, classifier, {
      onProgress: ({ windowsDone, windowsTotal }) => progress.update(windowsDone, { total: windowsTotal }),
    });
  } finally {
    progress.stop();
  }
  const { labelNames, featureSettings } = classifier;
  await reportClassification(result, { kind: 'model', labelNames, windowSec: featureSettings.windowSec }, options, io);
}

/** What classified a recording: a model or a rule, its class labels and its window length (s). */
interface Detector {
  kind: 'model' | 'rule';
  labelNames: readonly string[];
  windowSec: number;
}

/** Writes `--output` (and `--labels-out`) and prints the windows and events, or the `--json` document. */
async function reportClassification(
  result: ClassifyRecordingResult,
  detector: Detector,
  options: ClassifyCommandOptions,
  io: CliIo,
): Promise<void> {
  const { labelNames } = detector;
  const input = options.input!;
  const output = options.output!;
  const { messages, events } = result;
  if (messages.length === 0) throw await shortRecordingError(input, detector);
  await writeClassificationFile(output, messages);
  if (options.labelsOut !== undefined) await writeLabelsFile(options.labelsOut, { events });
  const names = distortionClassNames(labelNames);
  if (options.json) {
    io.stdout(classificationJson(result, labelNames, names, input));
    return;
  }
  const counts = names.map((_, id) => messages.filter((message) => message.predictedClassId === id).length);
  io.stdout(
    `classified ${messages.length} windows of ${input}${resamplingNote(result)}: ${names.map((name, id) => `${name} ${counts[id]}`).join(', ')}\n`,
  );
  io.stdout(windowTable(messages, names));
  io.stdout('merged into label events:\n');
  for (const event of events) {
    const { startNs, endNs } = labelEventTimesNs(event);
    const label = String(event.metadata[DISTORTION_LABEL_KEY]);
    const name = names[labelNames.indexOf(label)] ?? label;
    io.stdout(`  ${seconds(startNs)} – ${seconds(endNs)} s  ${name}\n`);
  }
  io.stdout(`wrote ${output}${options.labelsOut === undefined ? '' : ` and ${options.labelsOut}`}\n`);
}

/** Checks every file and folder option of `classify` before the model loads. */
async function checkFileOptions(options: ClassifyCommandOptions): Promise<void> {
  if (options.model !== undefined) await checkInputFolder('--model', options.model, MODEL_FOLDER);
  if (options.input !== undefined) await checkInputFile('--input', options.input, 'an MCAP recording');
  if (options.follow !== undefined && options.follow !== '-') {
    await checkInputFile('--follow', options.follow, 'a sensor-log JSON lines file');
  }
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  if (options.labelsOut !== undefined) await checkOutputFile('--labels-out', options.labelsOut);
}

/** The error for a recording that gives no window: its length (from the file's index) and the window length it needs. */
async function shortRecordingError(path: string, detector: Detector): Promise<CliCommandError> {
  const lengthSec = (await inspectRecordingFile(path)).durationSec;
  return new CliCommandError(
    `${path}: no window to classify: the recording lasts ${lengthSec.toFixed(2)} s, the ${detector.kind}'s windows need ${detector.windowSec} s`,
  );
}
