import { convertPhoneLog } from '@tsc/mcap-utils/node';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `tscls convert-log LOG.json [--output-dir DIR] [--level 0|1|2]`: a phone sensor log to MCAP + labels + experiment. */
export function registerConvertLogCommand(program: Command, { io }: CommandContext): void {
  program
    .command('convert-log')
    .description('convert a recorded phone sensor log (JSON) to an MCAP recording with labels and experiment files')
    .argument('<log>', 'the sensor log JSON (data: [{ts (µs), type, values}])')
    .option(
      '-o, --output-dir <dir>',
      'folder for <base>.mcap, <base>.labels.json, <base>.experiment.json (default: beside the log)',
    )
    .option(
      '--level <label>',
      'distortion label of the whole recording: 0 (none), 1 (low), 2 (high)',
      (value) => {
        if (!['0', '1', '2'].includes(value))
          throw new InvalidArgumentError(`expected 0, 1 or 2, found ${JSON.stringify(value)}`);
        return value;
      },
      '0',
    )
    .addHelpText(
      'after',
      '\nExample:\n  tscls convert-log Sensor_Log_2023-11-08_09_05_43.json --output-dir recorded_logs/',
    )
    .action(async (log: string, options: { outputDir?: string; level: string }) => {
      const files = await convertPhoneLog(log, {
        distortionLevel: options.level,
        ...(options.outputDir === undefined ? {} : { outputDir: options.outputDir }),
      });
      const { conversion } = files;
      const topics = [...conversion.recording.topics.values()].map(
        (series) => `${series.topic} ${series.timestampsNs.length}`,
      );
      const durationSec = Number(conversion.stopTimeNs - conversion.startTimeNs) / 1e9;
      io.stdout(`converted ${log}: ${durationSec.toFixed(2)} s, ${topics.join(', ')}\n`);
      const skipped = Object.entries(conversion.skippedRecords).map(([type, count]) => `${type} ${count}`);
      if (skipped.length > 0) io.stdout(`skipped records: ${skipped.join(', ')}\n`);
      io.stdout(`wrote ${files.mcapPath}, ${files.labelsPath}, ${files.experimentPath}\n`);
    });
}
