import { checkDistinctOutputs } from '@tsc/mcap-utils/node';
import { generateToFiles, readPlanFile } from '@tsc/synthetic/node';
import { type Command, InvalidArgumentError } from 'commander';
import { checkInputFile, checkOutputFile } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { integerOption } from '../option-parsers.js';

interface GenerateOptions {
  plan: string;
  output: string;
  labels?: string;
  experiment?: string;
  seed?: number;
  compat?: 'seed';
}

/** `tscls generate --plan PLAN.json --output OUT.mcap [--labels …] [--experiment …] [--seed N] [--compat seed]`. */
export function registerGenerateCommand(program: Command, { io }: CommandContext): void {
  program
    .command('generate')
    .description('generate a synthetic IMU recording (MCAP) from a motion plan, with labels and an experiment file')
    .requiredOption('--plan <file>', "the plan JSON (the Python reference's format)")
    .requiredOption('-o, --output <file>', 'the MCAP file to write')
    .option('--labels <file>', 'also write the labels JSON')
    .option('--experiment <file>', 'also write the experiment JSON')
    .option('--seed <n>', "seed of the noise and distortion geometry (default: the plan's, else 0)", integerOption(0))
    .option('--compat <mode>', 'reproduce the reference generator exactly: "seed"', (value) => {
      if (value !== 'seed') throw new InvalidArgumentError(`expected "seed", found ${JSON.stringify(value)}`);
      return value as 'seed';
    })
    .addHelpText(
      'after',
      '\nExamples:\n  tscls generate --plan plan.json --output run.mcap --labels run.labels.json --seed 7\n  tscls generate --plan default_plan.json --output basic_synthetic.mcap --compat seed',
    )
    .action(async (options: GenerateOptions) => {
      checkDistinctOutputs([
        { name: '--output', path: options.output },
        ...(options.labels === undefined ? [] : [{ name: '--labels', path: options.labels }]),
        ...(options.experiment === undefined ? [] : [{ name: '--experiment', path: options.experiment }]),
      ]);
      await checkInputFile('--plan', options.plan, 'a plan JSON file');
      await checkOutputFile('--output', options.output);
      if (options.labels !== undefined) await checkOutputFile('--labels', options.labels);
      if (options.experiment !== undefined) await checkOutputFile('--experiment', options.experiment);
      const plan = await readPlanFile(options.plan);
      const { generated, topics } = await generateToFiles(plan, {
        outputPath: options.output,
        ...(options.labels === undefined ? {} : { labelsPath: options.labels }),
        ...(options.experiment === undefined ? {} : { experimentPath: options.experiment }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.compat === undefined ? {} : { compat: options.compat }),
      });
      io.stdout(
        `wrote ${options.output}: ${topics.length} topics × ${generated.sampleCount} samples, ${generated.segments.length} segments, seed ${generated.seed}\n`,
      );
      if (options.labels !== undefined)
        io.stdout(`wrote ${options.labels}: ${generated.labels.events.length} label events\n`);
      if (options.experiment !== undefined) io.stdout(`wrote ${options.experiment}\n`);
      for (const warning of generated.warnings) io.stderr(`warning: ${warning}\n`);
    });
}
