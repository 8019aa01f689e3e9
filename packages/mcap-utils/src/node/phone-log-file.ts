import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { readInputFile, writeFileAtomic } from '@tsc/shared/node';
import { InvalidArgumentError } from '../errors.js';
import { stringifyExperiment } from '../experiment.js';
import { stringifyLabels } from '../labels.js';
import { type ConvertPhoneLogOptions, convertPhoneLogText, type PhoneLogConversion } from '../phone-log.js';
import { encodeRecording, type RecordingWriteOptions } from '../recording-encoder.js';

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

const gunzipAsync = promisify(gunzip);

/**
 * Reads a phone log as text: plain JSON, or gzip-compressed JSON (recognised by its magic bytes
 * `1f 8b`, whatever the file is called, e.g. `<trial>.json.gz`).
 *
 * @throws InvalidArgumentError naming the file when it is missing, a folder or unreadable, or when gzip data is
 *   damaged or cut short.
 */
export async function readPhoneLogText(inputPath: string): Promise<string> {
  const bytes = await readInputFile(inputPath, { expected: 'a phone log (JSON or gzip JSON)' });
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes)).toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(inputPath, 'a complete gzip stream of the log JSON', reason);
  }
}

/**
 * Converts a recorded phone sensor log (`Sensor_Log_*.json`, or the same gzip-compressed, e.g.
 * `<trial>.json.gz`) to `<base>.mcap`, `<base>.labels.json` and `<base>.experiment.json` (see
 * `convertPhoneLogText`: the accelerometer is converted from g to m/s², and `conversion.warnings`
 * lists sensors whose magnitude does not fit their declared unit), each written through a temporary
 * file renamed into place. `<base>` is the file name without `.json` (and `.gz`).
 *
 * @throws InvalidArgumentError naming the output file when `outputDir` cannot be created (e.g. a
 *   path component is a file), or naming the input when it is missing, a folder or unreadable, or its gzip data is
 *   damaged; nothing is written then.
 *
 * @example
 * ```ts
 * import { convertPhoneLog } from '@tsc/mcap-utils/node';
 *
 * const { mcapPath, conversion } = await convertPhoneLog('fixtures/broad-dev/02_undisturbed_slow_rotation_B.json.gz', {
 *   outputDir: 'converted',
 * });
 * console.log(mcapPath); // converted/02_undisturbed_slow_rotation_B.mcap
 * for (const warning of conversion.warnings) console.warn(warning.message);
 * ```
 */
export async function convertPhoneLog(
  inputPath: string,
  { outputDir, write, ...options }: ConvertPhoneLogFileOptions = {},
): Promise<PhoneLogFiles> {
  const text = await readPhoneLogText(inputPath);
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
