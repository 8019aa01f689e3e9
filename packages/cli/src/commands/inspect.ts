import { formatInspection, inspectionToJson } from '@tsc/mcap-utils';
import { doctorRecordingFile, inspectRecordingFile } from '@tsc/mcap-utils/node';
import type { Command } from 'commander';
import { checkInputFile } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { CliCommandError } from '../errors.js';

/** `tscls inspect FILE [--json]`: summary and integrity check of an MCAP file. */
export function registerInspectCommand(program: Command, { io }: CommandContext): void {
  program
    .command('inspect')
    .description(
      'summarise an MCAP file (topics, counts, rates, duration, compression, schemas) and check its integrity',
    )
    .argument('<file>', 'the MCAP file')
    .option('--json', 'print the summary and the integrity report as JSON', false)
    .option('--no-check', 'skip the integrity check (CRCs, indexes, time order, message bodies)')
    .addHelpText(
      'after',
      '\nExits 1 when the integrity check finds an error.\nExamples:\n  tscls inspect run.mcap\n  tscls inspect run.mcap --json',
    )
    .action(async (file: string, options: { json: boolean; check: boolean }) => {
      await checkInputFile('<file>', file, 'an MCAP file');
      const inspection = await inspectRecordingFile(file);
      const doctor = options.check ? await doctorRecordingFile(file) : undefined;
      if (options.json) {
        io.stdout(
          `${JSON.stringify({ ...inspectionToJson(inspection), ...(doctor ? { integrity: doctor } : {}) }, null, 2)}\n`,
        );
      } else {
        io.stdout(`${formatInspection(inspection)}\n`);
        if (doctor !== undefined) {
          io.stdout(
            `integrity:   ${doctor.ok ? 'ok' : 'DAMAGED'} (${doctor.chunkCount} chunks, ${doctor.messageCount} messages checked)\n`,
          );
          for (const issue of doctor.issues) {
            io.stdout(
              `  ${issue.severity} ${issue.code}: ${issue.message}${issue.offset === undefined ? '' : ` (offset ${issue.offset})`}\n`,
            );
          }
        }
      }
      if (doctor !== undefined && !doctor.ok) {
        const first = doctor.issues.find((issue) => issue.severity === 'error');
        throw new CliCommandError(`${file}: integrity check failed: ${first?.message ?? 'see the issues above'}`);
      }
    });
}
