import {
  AST_PRESETS,
  type AstPresetName,
  buildLabelledDataset,
  DISTORTION_ENSEMBLE_SIZE,
  initializeBackend,
  sensorFeatureSettings,
  splitForValidation,
  TRAINING_DEFAULTS,
  type TrainDistortionModelArgs,
  type TrainDistortionModelResult,
  type TrainedMember,
  trainDistortionModel,
} from '@tsc/ast-model';
import {
  findLabelledRecordings,
  readLabelledRecordings,
  saveModelDirectory,
  workerThreadGradients,
} from '@tsc/ast-model/node';
import { distortionClassNames } from '@tsc/mcap-utils';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { checkInputFolder, checkOutputFolder } from '../cli-files.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import { formatGradientThreads } from '../features/format-gradient-threads.js';
import { formatMetrics } from '../features/format-metrics.js';
import { trainingStatus } from '../features/training-status.js';
import { libraryOptionFlags, MEMORY_FLAGS, type OptionFlags, WINDOW_FLAGS } from '../option-names.js';
import { integerOption, maxMemoryHelp, mebibytesOption, positiveNumberOption } from '../option-parsers.js';
import { startProgress } from '../progress.js';

/** The flags of the library options `train` sets: errors about them name the flags. */
const TRAIN_FLAGS: OptionFlags = {
  ...WINDOW_FLAGS,
  ...MEMORY_FLAGS,
  batchSize: '--batch-size',
  ensembleSize: '--ensemble-size',
  maxSteps: '--max-steps',
  epochs: '--epochs',
  validationFraction: '--validation',
};

interface TrainCommandOptions {
  data: string;
  output: string;
  preset: AstPresetName;
  ensembleSize: number;
  maxSteps?: number;
  epochs?: number;
  seed: number;
  window?: number;
  hop?: number;
  batchSize: number;
  validation: number;
  dataParallel: boolean;
  earlyStop: boolean;
  /** `--max-memory`, in bytes (typed in MiB). */
  maxMemory?: number;
}

/** A commander parser for an AST preset name. */
export function presetOption(value: string): AstPresetName {
  if (!(value in AST_PRESETS)) {
    throw new InvalidArgumentError(
      `expected one of ${Object.keys(AST_PRESETS).join(', ')}, found ${JSON.stringify(value)}`,
    );
  }
  return value as AstPresetName;
}

/** `--ensemble-size <n>` of `train` and `demo`: the models averaged into the one saved. */
export function ensembleSizeOption(): Option {
  return new Option('--ensemble-size <n>', 'models trained from consecutive seeds and averaged into the saved one')
    .argParser(integerOption(1))
    .default(DISTORTION_ENSEMBLE_SIZE);
}

/** `tscls train --data DIR --output MODEL_DIR [--preset NAME] [--max-steps N | --epochs N] [--seed S]`. */
export function registerTrainCommand(program: Command, { io }: CommandContext): void {
  program
    .command('train')
    .description('train an Audio Spectrogram Transformer on a folder of labelled recordings and save the model')
    .requiredOption('--data <dir>', 'folder of <name>.mcap recordings with <name>.labels.json (tscls generate-dataset)')
    .requiredOption('-o, --output <dir>', 'model folder to write (config.json, model.json, weights.bin, metrics.json)')
    .option('--preset <name>', `model size: ${Object.keys(AST_PRESETS).join(', ')}`, presetOption, 'sensor')
    .addOption(ensembleSizeOption())
    .addOption(new Option('--max-steps <n>', 'optimizer steps').argParser(integerOption(1)).conflicts('epochs'))
    .addOption(
      new Option(
        '--epochs <n>',
        `passes over the training windows (default ${TRAINING_DEFAULTS.epochs}, fewer with early stopping)`,
      ).argParser(integerOption(1)),
    )
    .option('--seed <n>', 'seed of the split, initialisation and shuffles', integerOption(0), 0)
    .option('--window <sec>', 'window length (s) (default 2)', positiveNumberOption(0))
    .option('--hop <sec>', 'step between windows (s) (default 1)', positiveNumberOption(0))
    .option('--batch-size <n>', 'windows per step', integerOption(1), TRAINING_DEFAULTS.batchSize)
    .option(
      '--max-memory <MiB>',
      maxMemoryHelp('the windows and spectrogram features of the recordings', 'a --window and --hop'),
      mebibytesOption,
    )
    .option(
      '--validation <fraction>',
      'fraction of the recordings held out for validation (whole recordings, stratified)',
      positiveNumberOption(0),
      0.2,
    )
    .option('--no-data-parallel', 'train on one thread (by default wasm and cpu train on every core)')
    .option(
      '--no-early-stop',
      `train every step instead of stopping after ${TRAINING_DEFAULTS.earlyStoppingPatience} evaluations without a better validation macro-F1`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  tscls train --data data/ --output model/\n  tscls train --data data/ --output model/ --preset tiny --max-steps 300 --seed 1',
    )
    .hook('preAction', libraryOptionFlags(TRAIN_FLAGS))
    .action((options: TrainCommandOptions) => trainCommand(options, io));
}

/** Reads the labelled recordings, trains with validation on whole recordings held apart, saves and reports. */
async function trainCommand(options: TrainCommandOptions, io: CliIo): Promise<void> {
  await checkInputFolder('--data', options.data, 'a folder of labelled recordings');
  await checkOutputFolder('--output', options.output);
  const files = await findLabelledRecordings(options.data);
  const settings = sensorFeatureSettings({
    ...(options.window === undefined ? {} : { windowSec: options.window }),
    ...(options.hop === undefined ? {} : { hopSec: options.hop }),
  });
  const reading = startProgress(io, 'spectrogram', files.length);
  const labelled = await buildLabelledDataset(readLabelledRecordings(files, { settings }), settings, {
    ...(options.maxMemory === undefined ? {} : { maxMemoryBytes: options.maxMemory }),
    onProgress: (done) => reading.update(done),
  }).finally(() => reading.stop());
  const { dataset } = labelled;
  const classNames = distortionClassNames(dataset.labelNames);
  // validation by whole recordings: overlapping windows of one recording never sit on both sides
  const { train, validation } = splitForValidation(labelled, {
    seed: options.seed,
    validationFraction: options.validation,
  });
  io.stdout(
    `${files.length} recordings → ${dataset.shape[0]} windows of ${dataset.shape[1]} × ${dataset.shape[2]} (${train.dataset.shape[0]} train, ${validation.dataset.shape[0]} validation from separate recordings), classes ${classNames.join(', ')}\n`,
  );
  const { backend } = await initializeBackend();
  io.stdout(`backend ${backend}\n`);
  const { result, plannedSteps } = await trainWithProgress(options, io, {
    train: train.dataset,
    validation: validation.dataset,
    settings,
  });
  await saveModelDirectory(options.output, result.classifier, {
    metrics: { validation: result.validationMetrics },
    history: result.members.map((member) => member.history),
  });
  reportTraining(io, options, result, `${backend}`, plannedSteps);
  if (result.validationMetrics !== undefined)
    io.stdout(`\nvalidation: ${formatMetrics(result.validationMetrics, classNames)}\n`);
  io.stdout(`model saved to ${options.output}\n`);
  result.classifier.dispose();
}

/** Trains with the command's options, drawing the progress bar. */
async function trainWithProgress(
  options: TrainCommandOptions,
  io: CliIo,
  data: Pick<TrainDistortionModelArgs, 'train' | 'validation' | 'settings'>,
): Promise<{ result: TrainDistortionModelResult; plannedSteps: number[] }> {
  const progress = startProgress(io, 'train', options.maxSteps ?? 1);
  const status = trainingStatus();
  const plannedSteps: number[] = [];
  const result = await trainDistortionModel({
    ...data,
    preset: options.preset,
    ensembleSize: options.ensembleSize,
    options: {
      ...(options.earlyStop ? {} : { earlyStoppingPatience: undefined }),
      seed: options.seed,
      batchSize: options.batchSize,
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
      ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      ...(options.dataParallel ? { dataParallel: workerThreadGradients() } : {}),
    },
    onProgress: (done) => {
      plannedSteps[done.member] = done.totalSteps;
      progress.update(done.step, { total: done.totalSteps, status: status(done) });
    },
  }).finally(() => progress.stop());
  return { result, plannedSteps };
}

/** The steps each model trained, and why training stopped early when it did. */
function reportTraining(
  io: CliIo,
  options: TrainCommandOptions,
  result: TrainDistortionModelResult,
  backend: string,
  plannedSteps: readonly number[],
): void {
  const { members } = result;
  io.stdout(
    members.length === 1
      ? `trained ${memberSummary(members[0]!)} on ${backend} (preset ${options.preset})\n`
      : `trained ${members.length} models in ${result.durationSec.toFixed(1)} s on ${backend} (preset ${options.preset}), saved as the mean of their probabilities:\n`,
  );
  members.forEach((member, index) => {
    if (members.length > 1) io.stdout(`  model ${index + 1}, seed ${member.seed}: ${memberSummary(member)}\n`);
    if (member.history.stoppedEarly) {
      const steps = member.history.steps.length;
      io.stdout(
        `${members.length > 1 ? '  ' : ''}stopped early at step ${steps} of ${plannedSteps[index]}: validation macro-F1 did not improve for ${TRAINING_DEFAULTS.earlyStoppingPatience} evaluations after step ${member.history.bestStep} (--no-early-stop trains every step)\n`,
      );
    }
  });
  io.stdout(`gradients: ${formatGradientThreads(members[0]!.history)}\n`);
}

/** `812 steps in 14.2 s, best step 700`. */
function memberSummary({ history }: TrainedMember): string {
  return `${history.steps.length} steps in ${history.durationSec.toFixed(1)} s, best step ${history.bestStep}`;
}
