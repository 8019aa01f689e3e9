import { DISTORTION_CLASSES, DISTORTION_LABELS, LEVEL_LABELS } from '@tsc/mcap-utils';
import { convertPhoneLog } from '@tsc/mcap-utils/node';
import type { Command } from 'commander';
import { checkInputFile, checkOutputFolder } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { oneOfOption } from '../option-parsers.js';

/** The parsed options of `tscls convert-log`. */
interface ConvertLogOptions {
  outputDir?: string;
  level: string;
  accelUnit: 'g' | 'm/s^2';
}

/**
 * `tscls convert-log LOG.json[.gz] [--output-dir DIR] [--level 0|1|2] [--accel-unit g|m/s^2]`: a phone sensor
 * log to MCAP + labels + experiment, the accelerometer in m/s²; unit warnings go to standard error.
 */
export function registerConvertLogCommand(program: Command, { io }: CommandContext): void {
  program
    .command('convert-log')
    .description('convert a recorded phone sensor log (JSON) to an MCAP recording with labels and experiment files')
    .argument('<log>', 'the sensor log JSON (data: [{ts (µs), type, values}]), plain or gzip-compressed (.json.gz)')
    .option(
      '-o, --output-dir <dir>',
      'folder for <base>.mcap, <base>.labels.json, <base>.experiment.json (default: beside the log)',
    )
    .option(
      '--level <label>',
      `distortion label of the whole recording: ${DISTORTION_CLASSES.map(({ label, level }) => `${label} (${level})`).join(', ')}`,
      oneOfOption(DISTORTION_LABELS),
      LEVEL_LABELS.none,
    )
    .option(
      '--accel-unit <unit>',
      "unit of the log's ACCEL_AUTOCAL records: g (converted to m/s² × 9.80665) or m/s^2 (kept)",
      oneOfOption(['g', 'm/s^2'] as const),
      'g',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  tscls convert-log Sensor_Log_2023-11-08_09_05_43.json --output-dir recorded_logs/\n' +
        '  tscls convert-log fixtures/broad-dev/33_disturbed_attached_magnet_2cm.json.gz --output-dir converted/\n' +
        '\nA warning on standard error names a sensor whose median magnitude over the log does not fit its unit\n' +
        '(gravity 0.75–1.25 g, field 15–80 µT).',
    )
    .action(async (log: string, options: ConvertLogOptions) => {
      await checkInputFile('<log>', log, 'a sensor log JSON file');
      if (options.outputDir !== undefined) await checkOutputFolder('--output-dir', options.outputDir);
      const files = await convertPhoneLog(log, {
        distortionLevel: options.level,
        accelerometerUnit: options.accelUnit,
        ...(options.outputDir === undefined ? {} : { outputDir: options.outputDir }),
      });
      const { conversion } = files;
      for (const warning of conversion.warnings) io.stderr(`warning: ${warning.message}\n`);
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
