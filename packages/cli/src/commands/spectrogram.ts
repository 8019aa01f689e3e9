import { prepareRecording, recordingWindows, sensorFeatureSettings, windowFeatures } from '@tsc/ast-model';
import type { NonFinitePolicy, SpectrogramFrame } from '@tsc/mcap-utils';
import { readRecordingFile, writeSpectrogramFile } from '@tsc/mcap-utils/node';
import { referencePipelineFeatures, spectrogramToPng } from '@tsc/spectrogram';
import { type Command, InvalidArgumentError } from 'commander';
import { checkInputFile, checkOutputFile } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { CliCommandError } from '../errors.js';
import { libraryOptionFlags, WINDOW_FLAGS } from '../option-names.js';
import { positiveNumberOption } from '../option-parsers.js';
import { startProgress } from '../progress.js';

interface SpectrogramCommandOptions {
  output: string;
  preset: 'sensor' | 'reference';
  window?: number;
  hop?: number;
  png: boolean;
  nonFinite: NonFinitePolicy;
}

/** The reference's windows: `[t, t + 3 s)` every 10 s from the first message, the log time the window's end. */
const REFERENCE_WINDOW_NS = 3_000_000_000n;
const REFERENCE_STEP_NS = 10_000_000_000n;

/** `tscls spectrogram REC.mcap --output OUT.spectrogram.mcap [--preset sensor|reference]`. */
export function registerSpectrogramCommand(program: Command, { io }: CommandContext): void {
  program
    .command('spectrogram')
    .description('compute the spectrogram of every window of a recording (features + PNG previews, as the reference)')
    .argument('<recording>', 'the MCAP recording')
    .requiredOption('-o, --output <file>', 'the .spectrogram.mcap file to write')
    .option(
      '--preset <name>',
      "sensor: per-channel spectrogram of the calibrated sensors at the true rate; reference: the Python pipeline's features",
      (value) => {
        if (value !== 'sensor' && value !== 'reference') {
          throw new InvalidArgumentError(`expected "sensor" or "reference", found ${JSON.stringify(value)}`);
        }
        return value;
      },
      'sensor',
    )
    .option('--window <sec>', 'window length (s) of the sensor preset (default 3)', positiveNumberOption(0))
    .option('--hop <sec>', 'step between windows (s) of the sensor preset (default 1.5)', positiveNumberOption(0))
    .option('--no-png', 'do not write PNG previews on the spectrogram topic')
    .option(
      '--non-finite <policy>',
      'a window holding a NaN or infinite sample: "error" names the file, topic and time of the first; "skip" drops and counts such windows',
      (value) => {
        if (value !== 'error' && value !== 'skip') {
          throw new InvalidArgumentError(`expected "error" or "skip", found ${JSON.stringify(value)}`);
        }
        return value;
      },
      'error',
    )
    .addHelpText(
      'after',
      '\nTopics written: input_values (features, base64 .npy as the reference) and spectrogram (PNG, foxglove.CompressedImage).\nExamples:\n  tscls spectrogram run.mcap --output run.spectrogram.mcap\n  tscls spectrogram basic_synthetic.mcap --output basic_synthetic.spectrogram.mcap --preset reference',
    )
    .hook('preAction', libraryOptionFlags(WINDOW_FLAGS))
    .action(async (recordingPath: string, options: SpectrogramCommandOptions) => {
      if (options.preset === 'reference' && (options.window !== undefined || options.hop !== undefined)) {
        throw new CliCommandError(
          '--window and --hop apply to the sensor preset; the reference preset is 3 s every 10 s',
        );
      }
      await checkInputFile('<recording>', recordingPath, 'an MCAP recording');
      await checkOutputFile('--output', options.output);
      const frames =
        options.preset === 'reference'
          ? await referenceFrames(recordingPath, options.png, io)
          : await sensorFrames(recordingPath, options, io);
      if (frames.length === 0) {
        throw new CliCommandError(`${recordingPath}: the recording is shorter than one window, no spectrogram written`);
      }
      await writeSpectrogramFile(options.output, frames);
      const [frameCount, bins] = frames[0]!.features.shape;
      io.stdout(
        `wrote ${options.output}: ${frames.length} windows of ${frameCount} frames × ${bins} bins (${options.preset})\n`,
      );
    });
}

async function sensorFrames(
  path: string,
  options: SpectrogramCommandOptions,
  io: CommandContext['io'],
): Promise<SpectrogramFrame[]> {
  const recording = await readRecordingFile(path);
  if (!recording.topics.has('mag_raw')) {
    throw new CliCommandError(`${path}: expected a mag_raw topic, found ${[...recording.topics.keys()].join(', ')}`);
  }
  const settings = sensorFeatureSettings({
    ...(options.window === undefined ? {} : { windowSec: options.window }),
    ...(options.hop === undefined ? {} : { hopSec: options.hop }),
    // without an accelerometer: the field norm, and the gyro-consistency residual when there is a gyroscope
    ...(recording.topics.has('acc_raw')
      ? {}
      : {
          spectrogram: {
            derived: recording.topics.has('gyro_raw') ? ['magNormRatio', 'fieldConsistency'] : ['magNormRatio'],
          },
        }),
  });
  const prepared = prepareRecording(recording, settings);
  let skipped = 0;
  const list = recordingWindows(prepared, settings, {
    nonFinitePolicy: options.nonFinite,
    onSkip: ({ reason }) => {
      if (reason === 'non-finite') skipped += 1;
    },
  });
  if (skipped > 0) io.stderr(`tscls: skipped ${skipped} window(s) of ${path} holding NaN or infinite values\n`);
  const progress = startProgress(io, 'spectrogram', list.length);
  const frames: SpectrogramFrame[] = [];
  try {
    const batch = 32;
    for (let start = 0; start < list.length; start += batch) {
      const part = list.slice(start, start + batch);
      const { data, shape } = windowFeatures(part, prepared.spectrogram);
      const [, frameCount, bins] = shape;
      part.forEach((window, i) => {
        const image = {
          data: data.slice(i * frameCount * bins, (i + 1) * frameCount * bins),
          shape: [frameCount, bins] as [number, number],
        };
        frames.push({
          logTimeNs: window.endTimeNs,
          features: image,
          ...(options.png ? { png: spectrogramToPng(image, { min: -1, max: 1, scale: 2 }) } : {}),
        });
      });
      progress.update(Math.min(start + batch, list.length));
    }
  } finally {
    progress.stop();
  }
  return frames;
}

async function referenceFrames(path: string, png: boolean, io: CommandContext['io']): Promise<SpectrogramFrame[]> {
  const recording = await readRecordingFile(path, { topics: ['mag_raw'] });
  const series = recording.topics.get('mag_raw')!;
  const times = series.timestampsNs;
  if (times.length === 0) return [];
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const starts: bigint[] = [];
  for (let t = first; t + REFERENCE_WINDOW_NS <= last; t += REFERENCE_STEP_NS) starts.push(t);
  const progress = startProgress(io, 'spectrogram', starts.length);
  const frames: SpectrogramFrame[] = [];
  try {
    let begin = 0;
    for (const [index, start] of starts.entries()) {
      const end = start + REFERENCE_WINDOW_NS;
      while (begin < times.length && times[begin]! < start) begin++;
      let stop = begin;
      while (stop < times.length && times[stop]! < end) stop++;
      // raw counts, x then y then z, at the rate the reference assumed (140 Hz)
      const spectrogram = referencePipelineFeatures(series.values.subarray(begin * 3, stop * 3));
      frames.push({
        logTimeNs: end,
        features: { data: spectrogram.data, shape: [spectrogram.shape[0], spectrogram.shape[1]] },
        ...(png ? { png: spectrogramToPng(spectrogram, { orientation: 'frequency-up' }) } : {}),
      });
      progress.update(index + 1);
    }
  } finally {
    progress.stop();
  }
  return frames;
}
