import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringifyExperiment } from '../experiment.js';
import { stringifyLabels } from '../labels.js';
import { type ConvertPhoneLogOptions, convertPhoneLogText, type PhoneLogConversion } from '../phone-log.js';
import { encodeRecording, type RecordingWriteOptions } from '../recording-encoder.js';
import { writeFileAtomic } from './atomic-write.js';

/** Options of {@link convertPhoneLog}. */
export interface ConvertPhoneLogFileOptions extends Omit<ConvertPhoneLogOptions, 'fileName'> {
  /** Where the three outputs go; created (with missing parents) if it does not exist. Defaults to the input's directory. */
  outputDir?: string;
  /** MCAP writing options. Defaults to zstd chunks of 1 MiB. */
  write?: RecordingWriteOptions;
}

/** The files written by {@link convertPhoneLog}, and the conversion itself. */
export interface PhoneLogFiles {
  /** `<outputDir>/<base>.mcap`. */
  readonly mcapPath: string;
  /** `<outputDir>/<base>.labels.json`. */
  readonly labelsPath: string;
  /** `<outputDir>/<base>.experiment.json`. */
  readonly experimentPath: string;
  /** The converted data. */
  readonly conversion: PhoneLogConversion;
}

/**
 * Converts a recorded phone sensor log (`Sensor_Log_*.json`) to `<base>.mcap`,
 * `<base>.labels.json` and `<base>.experiment.json` (see `convertPhoneLogText`), each written
 * through a temporary file renamed into place.
 *
 * @throws InvalidArgumentError naming the output file when `outputDir` cannot be created (e.g. a
 *   path component is a file); nothing is written then.
 *
 * @example
 * ```ts
 * const { mcapPath } = await convertPhoneLog('temp/Sensor_Log_2023-11-08_09_05_43.json', { distortionLevel: '0' });
 * ```
 */
export async function convertPhoneLog(
  inputPath: string,
  { outputDir, write, ...options }: ConvertPhoneLogFileOptions = {},
): Promise<PhoneLogFiles> {
  const text = await fs.readFile(inputPath, 'utf8');
  const conversion = convertPhoneLogText(text, { ...options, fileName: inputPath });
  const directory = outputDir ?? dirname(inputPath);
  const base = join(directory, conversion.baseName);
  const mcapPath = `${base}.mcap`;
  const labelsPath = `${base}.labels.json`;
  const experimentPath = `${base}.experiment.json`;
  await writeFileAtomic(mcapPath, await encodeRecording(conversion.recording, write));
  await writeFileAtomic(labelsPath, stringifyLabels(conversion.labels));
  await writeFileAtomic(experimentPath, stringifyExperiment(conversion.experiment));
  return { mcapPath, labelsPath, experimentPath, conversion };
}
