import { readInputFile, writeFileAtomic } from '@tsc/shared/node';
import { type ExperimentFile, parseExperiment, stringifyExperiment } from '../experiment.js';
import { type LabelsFile, parseLabels, stringifyLabels } from '../labels.js';

/**
 * Reads and validates a `.labels.json` file; errors name `path` (a missing file or a folder is an
 * `InvalidArgumentError` saying so).
 *
 * @example
 * ```ts
 * import { readLabelsFile } from '@tsc/mcap-utils/node';
 *
 * const { events } = await readLabelsFile('fixtures/seed/example_labels.json');
 * console.log(events.length); // 2
 * ```
 */
export async function readLabelsFile(path: string): Promise<LabelsFile> {
  const text = (await readInputFile(path, { expected: 'a labels JSON file' })).toString('utf8');
  return parseLabels(text, { fileName: path });
}

/**
 * Writes a `.labels.json` file (indent 4, as the reference) through a temporary file renamed into
 * place. Missing folders above `path` are created.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file).
 */
export async function writeLabelsFile(path: string, labels: LabelsFile): Promise<void> {
  await writeFileAtomic(path, stringifyLabels(labels));
}

/** Reads and validates an `.experiment.json` file; errors name `path` (a missing file or a folder too). */
export async function readExperimentFile(path: string): Promise<ExperimentFile> {
  const text = (await readInputFile(path, { expected: 'an experiment JSON file' })).toString('utf8');
  return parseExperiment(text, { fileName: path });
}

/**
 * Writes an `.experiment.json` file (indent 2, as the reference) through a temporary file renamed
 * into place. Missing folders above `path` are created.
 *
 * @throws InvalidArgumentError naming `path` when its folder cannot be created (e.g. a path
 *   component is a file).
 */
export async function writeExperimentFile(path: string, experiment: ExperimentFile): Promise<void> {
  await writeFileAtomic(path, stringifyExperiment(experiment));
}
