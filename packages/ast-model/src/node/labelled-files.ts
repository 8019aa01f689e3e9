import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { convertPhoneLogText } from '@tsc/mcap-utils';
import { readLabelsFile, readPhoneLogText, readRecordingFile } from '@tsc/mcap-utils/node';
import { AstInputError } from '../errors.js';
import type { LabelledRecording } from '../evaluation/score-detector.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { featureTopics } from '../features/sensor-features.js';

/** A recording file with its labels file. */
export interface LabelledRecordingFiles {
  /** The recording's name (file stem), e.g. `recording_0003`. */
  readonly name: string;
  /** The MCAP file. */
  readonly mcapPath: string;
  /** The `.labels.json` file with its truth. */
  readonly labelsPath: string;
}

const DERIVED_SUFFIXES = ['.spectrogram.mcap', '.classification.mcap'];

/**
 * Every `<name>.mcap` of a folder that has a `<name>.labels.json` beside it (as `generateDataset` of
 * `@tsc/synthetic/node` and `tscls generate-dataset` write them), or in `labelsDir` when given (truth kept apart
 * from converted recordings), sorted by name. Spectrogram and classification files are skipped.
 *
 * @throws `AstInputError` (main entry) naming the folder when it holds no labelled recording.
 */
export async function findLabelledRecordings(dir: string, labelsDir = dir): Promise<LabelledRecordingFiles[]> {
  const names = new Set(await readdir(dir));
  const labelNames = labelsDir === dir ? names : new Set(await readdir(labelsDir));
  const found: LabelledRecordingFiles[] = [];
  for (const file of [...names].sort()) {
    if (!file.endsWith('.mcap') || DERIVED_SUFFIXES.some((suffix) => file.endsWith(suffix))) continue;
    const name = file.slice(0, -'.mcap'.length);
    if (!labelNames.has(`${name}.labels.json`)) continue;
    found.push({ name, mcapPath: join(dir, file), labelsPath: join(labelsDir, `${name}.labels.json`) });
  }
  if (found.length === 0) {
    const where = labelsDir === dir ? 'beside them' : `in ${labelsDir}`;
    throw new AstInputError(dir, `<name>.mcap files with <name>.labels.json ${where}`, 'none');
  }
  return found;
}

/** Options of {@link readLabelledRecordings}. */
export interface ReadLabelledRecordingsOptions {
  /**
   * Read only the topics these feature settings need (the spectrogram's sensors, and the field and specific force
   * of a recording reference). Defaults to every topic.
   */
  settings?: SensorFeatureSettings;
}

/**
 * Reads labelled recordings one at a time, lazily, as an async iterable (pass it to `buildLabelledDataset`): only
 * one recording is in memory at once, and with `settings` only the topics they need are read and decompressed.
 */
export async function* readLabelledRecordings(
  files: Iterable<LabelledRecordingFiles>,
  { settings }: ReadLabelledRecordingsOptions = {},
): AsyncGenerator<LabelledRecording> {
  const topics = settings === undefined ? undefined : featureTopics(settings);
  for (const { name, mcapPath, labelsPath } of files) {
    const [recording, labels] = await Promise.all([
      readRecordingFile(mcapPath, topics === undefined ? {} : { topics }),
      readLabelsFile(labelsPath),
    ]);
    yield { name, recording, labels: labels.events, labelsSource: labelsPath };
  }
}

/**
 * Real recordings with measured truth, in memory: every phone sensor log `<name>.json` or `<name>.json.gz` of a
 * folder with `<name>.labels.json` beside it (such as the repository's `fixtures/broad-dev`), converted with
 * `convertPhoneLogText` of `@tsc/mcap-utils`, sorted by name. Conversion warnings go to `onWarning`.
 *
 * @throws `AstInputError` (main entry) naming the folder when it holds no such pair.
 */
export async function readPhoneLogRecordings(
  dir: string,
  { onWarning }: { onWarning?: (message: string) => void } = {},
): Promise<LabelledRecording[]> {
  const files = new Set(await readdir(dir));
  const names = [...files]
    .filter((file) => file.endsWith('.labels.json'))
    .map((file) => file.slice(0, -'.labels.json'.length))
    .filter((name) => files.has(`${name}.json`) || files.has(`${name}.json.gz`))
    .sort();
  if (names.length === 0) throw new AstInputError(dir, 'phone logs <name>.json(.gz) with <name>.labels.json', 'none');
  const recordings: LabelledRecording[] = [];
  for (const name of names) {
    const log = join(dir, files.has(`${name}.json.gz`) ? `${name}.json.gz` : `${name}.json`);
    const { recording, warnings } = convertPhoneLogText(await readPhoneLogText(log), { fileName: log });
    for (const warning of warnings) onWarning?.(warning.message);
    const truth = await readLabelsFile(join(dir, `${name}.labels.json`));
    recordings.push({ name, recording, labels: truth.events });
  }
  return recordings;
}
