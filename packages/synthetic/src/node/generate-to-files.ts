import { basename, extname } from 'node:path';
import type { ChunkCompression } from '@tsc/mcap-utils';
import {
  checkDistinctOutputs,
  writeExperimentFile,
  writeFilesAtomic,
  writeLabelsFile,
  writeRecordingFile,
} from '@tsc/mcap-utils/node';
import { type GeneratedRecording, generateRecording } from '../generation/generate-recording.js';
import type { Plan } from '../plan/plan-types.js';

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
  /** The most memory the recording may hold (bytes), checked before generating. Defaults to 4 GiB. */
  maxMemoryBytes?: number;
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
 * and experiment files, all or none (`writeFilesAtomic`): each goes to a temporary file beside its target and all
 * are renamed into place only when every one is written, so a failure leaves neither a half-written file nor an
 * MCAP without its labels. Two outputs with the same path are refused before anything is generated. The same plan
 * and seed give byte-identical files.
 *
 * @throws `InvalidArgumentError` (from `@tsc/mcap-utils`) naming both options when two outputs share a path.
 *
 * @example
 * ```ts
 * import { generateToFiles, readPlanFile } from '@tsc/synthetic/node';
 *
 * // the reference's plan, from a clone of the repository
 * const plan = await readPlanFile('fixtures/seed/default_plan.json');
 * await generateToFiles(plan, { outputPath: 'out.mcap', labelsPath: 'out.labels.json', seed: 1 });
 * ```
 */
export async function generateToFiles(
  plan: Plan,
  {
    outputPath,
    labelsPath,
    experimentPath,
    seed,
    compat,
    name,
    project,
    compression,
    maxMemoryBytes,
  }: GenerateToFilesOptions,
): Promise<GeneratedFiles> {
  const outputs = [
    { name: 'outputPath', path: outputPath },
    ...(labelsPath === undefined ? [] : [{ name: 'labelsPath', path: labelsPath }]),
    ...(experimentPath === undefined ? [] : [{ name: 'experimentPath', path: experimentPath }]),
  ];
  checkDistinctOutputs(outputs);
  const generated = generateRecording(plan, {
    name: name ?? basename(outputPath, extname(outputPath)),
    ...(seed === undefined ? {} : { seed }),
    ...(compat === undefined ? {} : { compat }),
    ...(project === undefined ? {} : { project }),
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
  });
  const writers: Record<string, (temporary: string) => Promise<void>> = {
    outputPath: (temporary) =>
      writeRecordingFile(temporary, generated.recording, {
        library: '@tsc/synthetic',
        ...(compression === undefined ? {} : { compression }),
      }),
    labelsPath: (temporary) => writeLabelsFile(temporary, generated.labels),
    experimentPath: (temporary) => writeExperimentFile(temporary, generated.experiment),
  };
  await writeFilesAtomic(outputs.map((output) => ({ ...output, write: writers[output.name]! })));
  return { outputPath, labelsPath, experimentPath, generated };
}
