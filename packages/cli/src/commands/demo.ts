import { AST_PRESETS, type AstPresetName } from '@tsc/ast-model';
import { type Command, Option } from 'commander';
import { checkInputFolder, checkOutputFolder } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { libraryOptionFlags, MEMORY_FLAGS, type OptionFlags } from '../option-names.js';
import { integerOption, maxMemoryHelp, mebibytesOption, positiveNumberOption } from '../option-parsers.js';
import { formatPipelineSummary } from '../pipeline/format-summary.js';
import { type PipelineStage, runPipeline } from '../pipeline/run-pipeline.js';
import { type Progress, startProgress } from '../progress.js';
import { ensembleSizeOption, presetOption } from './train.js';

/**
 * The flags of the library options `demo` sets: errors about them (sizes, folders) name the flags. The demo's windows
 * are fixed (2 s every 1 s), so a training set too large for memory names what sets its size, the recordings.
 */
const DEMO_FLAGS: OptionFlags = {
  hopSec: '--recordings × --duration',
  windowSec: 'the demo window',
  count: '--recordings',
  durationSec: '--duration',
  seed: '--seed',
  outputDir: '--output',
  maxSteps: '--max-steps',
  epochs: '--epochs',
  ensembleSize: '--ensemble-size',
  ...MEMORY_FLAGS,
};

interface DemoCommandOptions {
  output: string;
  seed: number;
  recordings: number;
  duration: number;
  preset: AstPresetName;
  ensembleSize: number;
  epochs?: number;
  maxSteps?: number;
  realData?: string;
  dataParallel: boolean;
  /** `--max-memory`, in bytes (typed in MiB). */
  maxMemory?: number;
}

/** `tscls demo`: the whole pipeline with defaults, the same function as `pnpm demo`. */
export function registerDemoCommand(program: Command, { io }: CommandContext): void {
  program
    .command('demo')
    .description('run the whole pipeline: dataset → spectrograms → train → held-out evaluation → classify → report')
    .option('-o, --output <dir>', 'folder for every output', '.tsc-demo')
    .option('--seed <n>', 'master seed', integerOption(0), 1)
    .option('--recordings <n>', 'recordings in the dataset (at least 9: 3 per level)', integerOption(9), 120)
    .option('--duration <sec>', 'length of each recording (s)', positiveNumberOption(0), 60)
    .option('--preset <name>', `model size: ${Object.keys(AST_PRESETS).join(', ')}`, presetOption, 'sensor')
    .addOption(ensembleSizeOption())
    .addOption(
      new Option('--epochs <n>', 'passes over the training windows (default 16, fewer with early stopping)').argParser(
        integerOption(1),
      ),
    )
    .addOption(new Option('--max-steps <n>', 'optimizer steps').argParser(integerOption(1)).conflicts('epochs'))
    .option(
      '--max-memory <MiB>',
      maxMemoryHelp(
        'each generated recording, and the windows and spectrogram features of the training recordings,',
        'a --recordings and --duration',
      ),
      mebibytesOption,
    )
    .option(
      '--real-data <dir>',
      'also score the model and the physics baselines on real recordings: phone logs <name>.json(.gz) with <name>.labels.json truth',
    )
    .option('--no-data-parallel', 'train on one thread (by default wasm and cpu train on every core)')
    .addHelpText(
      'after',
      '\nResults are uploaded to the local project store (<output>/store), or to Nstrumenta when NSTRUMENTA_API_KEY is set.\nExample:\n  tscls demo --output .tsc-demo --seed 1',
    )
    .hook('preAction', libraryOptionFlags(DEMO_FLAGS))
    .action(async (options: DemoCommandOptions) => {
      await checkOutputFolder('--output', options.output);
      if (options.realData !== undefined) {
        await checkInputFolder('--real-data', options.realData, 'a folder of phone logs with labels files');
      }
      let bar: { stage: PipelineStage; progress: Progress } | undefined;
      const result = await runPipeline({
        outputDir: options.output,
        seed: options.seed,
        recordings: options.recordings,
        durationSec: options.duration,
        preset: options.preset,
        ensembleSize: options.ensembleSize,
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
        ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
        ...(options.maxMemory === undefined ? {} : { maxMemoryBytes: options.maxMemory }),
        ...(options.realData === undefined ? {} : { realDataDir: options.realData }),
        dataParallel: options.dataParallel,
        ...(io.env.NSTRUMENTA_API_KEY === undefined ? { apiKey: '' } : { apiKey: io.env.NSTRUMENTA_API_KEY }),
        onProgress: ({ stage, done, total, status }) => {
          if (bar?.stage !== stage) {
            bar?.progress.stop();
            bar = { stage, progress: startProgress(io, stage, total) };
          }
          bar.progress.update(done, { total, ...(status === undefined ? {} : { status }) });
        },
      }).finally(() => bar?.progress.stop());
      io.stdout(formatPipelineSummary(result));
    });
}
