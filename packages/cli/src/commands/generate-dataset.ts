import { generateDataset } from '@tsc/synthetic/node';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { integerOption, positiveNumberOption } from '../option-parsers.js';
import { startProgress } from '../progress.js';

interface GenerateDatasetCommandOptions {
  count: number;
  output: string;
  seed: number;
  duration: number;
  rate: number;
}

/** `tscls generate-dataset --count N --output DIR [--seed S] [--duration SEC] [--rate HZ]`. */
export function registerGenerateDatasetCommand(program: Command, { io }: CommandContext): void {
  program
    .command('generate-dataset')
    .description('generate N labelled recordings, distortion levels balanced and independent of the motion')
    .requiredOption('--count <n>', 'number of recordings', integerOption(1))
    .requiredOption('-o, --output <dir>', 'folder to write (MCAP + labels + experiment per recording, manifest.json)')
    .option('--seed <n>', 'master seed: the same seed gives the same dataset', integerOption(0), 0)
    .option('--duration <sec>', 'length of each recording (s)', positiveNumberOption(0), 60)
    .option('--rate <hz>', 'sample rate (Hz)', positiveNumberOption(0), 100)
    .addHelpText(
      'after',
      '\nExample:\n  tscls generate-dataset --count 12 --output data/ --seed 1 --duration 60 --rate 100',
    )
    .action(async (options: GenerateDatasetCommandOptions) => {
      const progress = startProgress(io, 'generate', options.count);
      try {
        const manifest = await generateDataset({
          outputDir: options.output,
          count: options.count,
          durationSec: options.duration,
          sampleRateHz: options.rate,
          seed: options.seed,
          onProgress: ({ completed, name }) => progress.update(completed, { status: name }),
        });
        progress.stop();
        const levels = new Map<string, number>();
        for (const entry of manifest.recordings) levels.set(entry.level, (levels.get(entry.level) ?? 0) + 1);
        const balance = [...levels].map(([level, count]) => `${level} ${count}`).join(', ');
        io.stdout(
          `wrote ${manifest.recordings.length} recordings (${balance}) of ${manifest.durationSec} s at ${manifest.sampleRateHz} Hz to ${options.output}\n`,
        );
        io.stdout(`manifest: ${manifest.manifestPath}\n`);
      } finally {
        progress.stop();
      }
    });
}
