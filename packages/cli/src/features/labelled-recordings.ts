import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CliCommandError } from '../errors.js';

/** A recording with its labels file. */
export interface LabelledRecordingFiles {
  /** The recording's name (file stem), e.g. `recording_0003`. */
  readonly name: string;
  /** The MCAP file. */
  readonly mcapPath: string;
  /** The `.labels.json` file beside it. */
  readonly labelsPath: string;
}

const DERIVED_SUFFIXES = ['.spectrogram.mcap', '.classification.mcap'];

/**
 * Every `<name>.mcap` in a folder that has a `<name>.labels.json` beside it (as `tscls generate-dataset` writes
 * them), or in `labelsDir` when given (truth kept apart from converted recordings), sorted by name. Spectrogram and
 * classification files are not recordings and are skipped.
 *
 * @throws {@link CliCommandError} when the folder holds no labelled recording.
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
    throw new CliCommandError(
      `${dir}: expected <name>.mcap files with <name>.labels.json ${labelsDir === dir ? 'beside them' : `in ${labelsDir}`}, found none`,
    );
  }
  return found;
}
