import { JsonValidator, stringifyPythonStyle } from './json-validation.js';

/** One entry of an experiment's `labelFiles`. */
export interface ExperimentLabelFile {
  /** Storage path of a `.labels.json` file, e.g. `projects/nst-test/data/x/x.labels.json`. */
  readonly filePath: string;
}

/**
 * An `.experiment.json` file (the reference's shape): the data folder, its label files, and for
 * generated data the plan segments and a metadata block (`generated_by`, `sample_rate`,
 * `total_duration_s`, `classification_type`, `distortion_levels`, or for recorded logs
 * `source_type: "recorded_log"` plus device fields).
 */
export interface ExperimentFile {
  /** Data folder relative to the data root, e.g. `synthetic_datasets/<name>`. */
  readonly dirname: string;
  /** The label files of the experiment. */
  readonly labelFiles: readonly ExperimentLabelFile[];
  /** Free text, e.g. `Synthetic dataset: <name>`. */
  readonly description?: string;
  /** The plan segments the data was generated from (kept as JSON). */
  readonly segments?: readonly Readonly<Record<string, unknown>>[];
  /** Free-form metadata (kept as JSON). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Other top-level fields found in the file, kept so it round-trips. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Options of {@link parseExperiment}. */
export interface ParseExperimentOptions {
  /** The file name used in error messages. Defaults to `'<memory>'`. */
  fileName?: string;
}

const KNOWN_KEYS = new Set(['dirname', 'labelFiles', 'description', 'segments', 'metadata']);

/**
 * Parses and validates an `.experiment.json` file.
 *
 * @throws JsonValidationError naming the file, the JSON path, expected and found.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseExperiment } from '@tsc/mcap-utils';
 *
 * const text = await readFile('fixtures/seed/example_experiment.json', 'utf8');
 * const experiment = parseExperiment(text, { fileName: 'example_experiment.json' });
 * console.log(experiment.labelFiles[0]?.filePath); // 'projects/…/data/…/….labels.json'
 * ```
 */
export function parseExperiment(text: string, { fileName = '<memory>' }: ParseExperimentOptions = {}): ExperimentFile {
  const v = new JsonValidator(fileName);
  const root = v.object(v.parse(text), '');
  const result: {
    dirname: string;
    labelFiles: ExperimentLabelFile[];
    description?: string;
    segments?: Record<string, unknown>[];
    metadata?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  } = {
    dirname: v.string(root.dirname, 'dirname'),
    labelFiles: v.array(root.labelFiles, 'labelFiles').map((value, i) => {
      const object = v.object(value, `labelFiles[${i}]`);
      return { filePath: v.string(object.filePath, `labelFiles[${i}].filePath`) };
    }),
  };
  if (root.description !== undefined) result.description = v.string(root.description, 'description');
  if (root.segments !== undefined) {
    result.segments = v.array(root.segments, 'segments').map((value, i) => v.object(value, `segments[${i}]`));
  }
  if (root.metadata !== undefined) result.metadata = v.object(root.metadata, 'metadata');
  const extra = Object.fromEntries(Object.entries(root).filter(([key]) => !KNOWN_KEYS.has(key)));
  if (Object.keys(extra).length > 0) result.extra = extra;
  return result;
}

/** Serialises an experiment as the reference does (`json.dump(..., indent=2)`). */
export function stringifyExperiment(experiment: ExperimentFile): string {
  const { extra, ...rest } = experiment;
  const ordered: Record<string, unknown> = {
    dirname: rest.dirname,
    labelFiles: rest.labelFiles.map((file) => ({ filePath: file.filePath })),
  };
  if (rest.description !== undefined) ordered.description = rest.description;
  if (rest.segments !== undefined) ordered.segments = rest.segments;
  if (rest.metadata !== undefined) ordered.metadata = rest.metadata;
  return stringifyPythonStyle({ ...ordered, ...extra }, 2);
}
