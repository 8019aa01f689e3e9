import type { DatasetManifest, DatasetVariety } from '@tsc/synthetic/node';
import { generateDataset } from '@tsc/synthetic/node';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { checkOutputFolder } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { libraryOptionFlags, type OptionFlags } from '../option-names.js';
import { integerOption, positiveNumberOption } from '../option-parsers.js';
import { startProgress } from '../progress.js';

/** The flags of `generateDataset`'s options: its checks (sizes against memory and disk, before any work) name them. */
const GENERATE_DATASET_FLAGS: OptionFlags = {
  count: '--count',
  durationSec: '--duration',
  sampleRateHz: '--rate',
  seed: '--seed',
  cleanShare: '--clean-share',
  outputDir: '--output',
};

interface GenerateDatasetCommandOptions {
  count: number;
  output: string;
  seed: number;
  duration: number;
  rate: number | 'drawn';
  variety: DatasetVariety;
  cleanShare?: [number, number];
  jitter?: boolean;
  replace: boolean;
}

const parsePositive = positiveNumberOption(0);

/** Parses `--rate HZ|drawn`. */
function rateOption(value: string): number | 'drawn' {
  return value.trim() === 'drawn' ? 'drawn' : parsePositive(value);
}

/** Parses `--clean-share MIN,MAX` (shares in [0, 1)). */
function cleanShareOption(value: string): [number, number] {
  const parts = value.split(',').map((part) => Number(part.trim()));
  const [min, max] = parts;
  if (parts.length !== 2 || !(min! >= 0 && min! <= max! && max! < 1)) {
    throw new InvalidArgumentError(`expected MIN,MAX with 0 <= MIN <= MAX < 1, found ${JSON.stringify(value)}`);
  }
  return [min!, max!];
}

/** One line saying what was written. */
function summary(manifest: DatasetManifest, output: string): string {
  const { recordings, durationSec, sampleRateHz, levelSeconds } = manifest;
  const rate = sampleRateHz === undefined ? '50–400 Hz (drawn per recording)' : `${sampleRateHz} Hz`;
  const seconds = (['none', 'low', 'high', 'unlabelled'] as const)
    .map((level) => `${level} ${levelSeconds[level].toFixed(1)} s`)
    .join(', ');
  if (manifest.variety === 'worldwide') {
    return `wrote ${recordings.length} worldwide recordings of ${durationSec} s at ${rate} to ${output}; labelled ${seconds}\n`;
  }
  const levels = new Map<string, number>();
  for (const entry of recordings) levels.set(entry.level, (levels.get(entry.level) ?? 0) + 1);
  const balance = [...levels].map(([level, count]) => `${level} ${count}`).join(', ');
  return `wrote ${recordings.length} recordings (${balance}) of ${durationSec} s at ${rate} to ${output}\n`;
}

/**
 * `tscls generate-dataset --count N --output DIR [--seed S] [--duration SEC] [--rate HZ|drawn] [--variety worldwide|fixed]
 * [--clean-share MIN,MAX] [--jitter | --no-jitter]`.
 */
export function registerGenerateDatasetCommand(program: Command, { io }: CommandContext): void {
  program
    .command('generate-dataset')
    .description(
      'generate N labelled recordings: worldwide places, real sensor models, varied rates and motions, clean and disturbed segments mixed (or --variety fixed)',
    )
    .requiredOption('--count <n>', 'number of recordings', integerOption(1))
    .requiredOption('-o, --output <dir>', 'folder to write (MCAP + labels + experiment per recording, manifest.json)')
    .option('--seed <n>', 'master seed: the same seed gives the same dataset', integerOption(0), 0)
    .option('--duration <sec>', 'length of each recording (s)', positiveNumberOption(0), 60)
    .option(
      '--rate <hz|drawn>',
      'sample rate of every recording (Hz), or "drawn": 50–400 Hz per recording (worldwide; needs a consumer that resamples)',
      rateOption,
      100,
    )
    .addOption(
      new Option('--variety <variety>', 'worldwide (varied, default) or fixed (one place, one level per recording)')
        .choices(['worldwide', 'fixed'])
        .default('worldwide'),
    )
    .option(
      '--clean-share <min,max>',
      'worldwide: range of the planned clean share per recording (default 0.5,0.8)',
      cleanShareOption,
    )
    .option('--jitter', 'worldwide: jitter the timestamps at a fixed rate too (default: only with --rate drawn)')
    .option('--no-jitter', 'worldwide: exact timestamps even when the rate is drawn')
    .option('--replace', 'replace the dataset in a folder that already holds files (default: refuse)', false)
    .addHelpText(
      'after',
      '\nExamples:\n  tscls generate-dataset --count 36 --output data/ --seed 1 --duration 60\n  tscls generate-dataset --count 36 --output data/ --rate drawn --clean-share 0.5,0.7\n  tscls generate-dataset --count 12 --output data/ --variety fixed',
    )
    .hook('preAction', libraryOptionFlags(GENERATE_DATASET_FLAGS))
    .action(async (options: GenerateDatasetCommandOptions) => {
      await checkOutputFolder('--output', options.output);
      const progress = startProgress(io, 'generate', options.count);
      try {
        const manifest = await generateDataset({
          outputDir: options.output,
          count: options.count,
          durationSec: options.duration,
          variety: options.variety,
          seed: options.seed,
          ...(options.rate === 'drawn' ? {} : { sampleRateHz: options.rate }),
          ...(options.cleanShare === undefined ? {} : { cleanShare: options.cleanShare }),
          ...(options.jitter === undefined ? {} : { timestampJitter: options.jitter }),
          replace: options.replace,
          onProgress: ({ completed, name }) => progress.update(completed, { status: name }),
        });
        progress.stop();
        io.stdout(summary(manifest, options.output));
        io.stdout(`manifest: ${manifest.manifestPath}\n`);
      } finally {
        progress.stop();
      }
    });
}
