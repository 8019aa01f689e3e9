import { type ClassifyRecordingResult, classifyRecording, initializeBackend } from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import { type ImuRecording, labelEventTimesNs } from '@tsc/mcap-utils';
import {
  checkDistinctOutputs,
  readRecordingFile,
  writeClassificationFile,
  writeLabelsFile,
} from '@tsc/mcap-utils/node';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliCommandError } from '../errors.js';
import { displayClassNames } from '../features/class-names.js';
import { startProgress } from '../progress.js';
import { resamplingNote } from './evaluate.js';

interface ClassifyCommandOptions {
  model: string;
  input: string;
  output: string;
  labelsOut?: string;
}

/** `tscls classify --model MODEL_DIR --input REC.mcap --output OUT.classification.mcap [--labels-out OUT.labels.json]`. */
export function registerClassifyCommand(program: Command, { io }: CommandContext): void {
  program
    .command('classify')
    .description('classify every window of a recording: classes with probabilities, merged into label events')
    .requiredOption('--model <dir>', 'the model folder (tscls train)')
    .requiredOption('--input <file>', 'the MCAP recording')
    .requiredOption('-o, --output <file>', 'the .classification.mcap to write (topic classification)')
    .option('--labels-out <file>', "also write the predictions as label events (the reference's labels format)")
    .addHelpText(
      'after',
      '\nExample:\n  tscls classify --model model/ --input run.mcap --output run.classification.mcap --labels-out run.predicted.labels.json',
    )
    .action(async (options: ClassifyCommandOptions) => {
      const outputs = [{ name: '--output', path: options.output }];
      if (options.labelsOut !== undefined) outputs.push({ name: '--labels-out', path: options.labelsOut });
      checkDistinctOutputs(outputs);
      await initializeBackend();
      const classifier = await loadModelDirectory(options.model);
      try {
        const recording = await readRecordingFile(options.input);
        // the window count arrives with the first batch's report: the bar starts at 0/1 and takes the total then
        const progress = startProgress(io, 'classify', 1);
        let result: ClassifyRecordingResult;
        try {
          result = classifyRecording(recording, classifier, {
            onProgress: ({ windowsDone, windowsTotal }) => progress.update(windowsDone, { total: windowsTotal }),
          });
        } finally {
          progress.stop();
        }
        const { messages, events } = result;
        if (messages.length === 0) throw shortRecordingError(options.input, recording, classifier.featureSettings);
        await writeClassificationFile(options.output, messages);
        if (options.labelsOut !== undefined) await writeLabelsFile(options.labelsOut, { events });
        const names = displayClassNames(classifier.labelNames);
        const counts = names.map((_, id) => messages.filter((message) => message.predictedClassId === id).length);
        io.stdout(
          `classified ${messages.length} windows of ${options.input}${resamplingNote(result)}: ${names.map((name, id) => `${name} ${counts[id]}`).join(', ')}\n`,
        );
        for (const event of events) {
          const { startNs, endNs } = labelEventTimesNs(event);
          const label = String(event.metadata.mag_distortion);
          const name = names[classifier.labelNames.indexOf(label)] ?? label;
          io.stdout(
            `  ${(Number(startNs) / 1e9).toFixed(1).padStart(7)} – ${(Number(endNs) / 1e9).toFixed(1).padStart(7)} s  ${name}\n`,
          );
        }
        io.stdout(`wrote ${options.output}${options.labelsOut === undefined ? '' : ` and ${options.labelsOut}`}\n`);
      } finally {
        classifier.dispose();
      }
    });
}

/** The error for a recording that gives no window: its length and the window length it needs. */
function shortRecordingError(
  path: string,
  recording: ImuRecording,
  featureSettings: Record<string, unknown>,
): CliCommandError {
  const times = [...recording.topics.values()][0]?.timestampsNs;
  const lengthSec = times === undefined || times.length === 0 ? 0 : Number(times.at(-1)! - times[0]!) / 1e9;
  return new CliCommandError(
    `${path}: no window to classify: the recording lasts ${lengthSec.toFixed(2)} s, the model's windows need ${String(featureSettings.windowSec ?? '?')} s`,
  );
}
