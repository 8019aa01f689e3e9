import { basename, extname } from 'node:path';
import type { ChunkCompression } from '@tsc/mcap-utils';
import { writeExperimentFile, writeLabelsFile, writeRecordingFile } from '@tsc/mcap-utils/node';
import { type GeneratedRecording, generateRecording } from '../generate-recording.js';
import type { Plan } from '../plan-types.js';

/** Options of {@link generateToFiles}. */
export interface GenerateToFilesOptions {
  /** The MCAP file to write. */
  outputPath: string;
  /** Where to write the labels JSON (reference format, 4-space indent). Defaults to not writing labels. */
  labelsPath?: string;
  /** Where to write the experiment JSON (reference format, 2-space indent). Defaults to not writing one. */
  experimentPath?: string;
  /** PRNG seed. Defaults to the plan's `initialization.seed`, else 0. */
  seed?: number;
  /** `'seed'` reproduces the reference generator. Defaults to physical mode. */
  compat?: 'seed';
  /** Recording name in label and experiment paths. Defaults to the output file name without `.mcap`. */
  name?: string;
  /** Nstrumenta project in label and experiment paths. Defaults to `'nst-test'`. */
  project?: string;
  /** MCAP chunk compression. Defaults to `'zstd'` (as the reference). */
  compression?: ChunkCompression;
}

/** What {@link generateToFiles} wrote. */
export interface GeneratedFiles {
  /** The MCAP file. */
  readonly outputPath: string;
  /** The labels file, if written. */
  readonly labelsPath: string | undefined;
  /** The experiment file, if written. */
  readonly experimentPath: string | undefined;
  /** The generated data, labels and experiment. */
  readonly generated: GeneratedRecording;
}

/**
 * Generates a recording from a plan and writes the MCAP file (through `@tsc/mcap-utils`), and optionally its labels
 * and experiment files. Each file goes to a temporary file in the same directory and is renamed into place, so a
 * failure never leaves a half-written file. The same plan and seed give byte-identical files.
 *
 * @example
 * ```ts
 * const plan = await readPlanFile('plan.json');
 * await generateToFiles(plan, { outputPath: 'out.mcap', labelsPath: 'out.labels.json', seed: 1 });
 * ```
 */
export async function generateToFiles(
  plan: Plan,
  { outputPath, labelsPath, experimentPath, seed, compat, name, project, compression }: GenerateToFilesOptions,
): Promise<GeneratedFiles> {
  const stem = name ?? basename(outputPath, extname(outputPath));
  const generated = generateRecording(plan, {
    name: stem,
    ...(seed === undefined ? {} : { seed }),
    ...(compat === undefined ? {} : { compat }),
    ...(project === undefined ? {} : { project }),
  });
  await writeRecordingFile(outputPath, generated.recording, {
    library: '@tsc/synthetic',
    ...(compression === undefined ? {} : { compression }),
  });
  if (labelsPath !== undefined) await writeLabelsFile(labelsPath, generated.labels);
  if (experimentPath !== undefined) await writeExperimentFile(experimentPath, generated.experiment);
  return { outputPath, labelsPath, experimentPath, generated };
}
