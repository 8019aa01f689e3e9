import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliCommandError } from '../errors.js';
import type { ReportData } from '../report/report-data.js';
import { writeReport } from '../report/write-report.js';

/** `tscls report --data report.json --output report.html`: renders a saved report data file to HTML. */
export function registerReportCommand(program: Command, { io }: CommandContext): void {
  program
    .command('report')
    .description('render a report data file (report.json, written by `tscls demo`) to one self-contained HTML page')
    .requiredOption('--data <file>', 'the report data JSON')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .addHelpText('after', '\nExample:\n  tscls report --data .tsc-demo/report.json --output report.html')
    .action(async (options: { data: string; output: string }) => {
      const text = await readFile(options.data, 'utf8');
      let data: ReportData;
      try {
        data = JSON.parse(text) as ReportData;
      } catch (error) {
        throw new CliCommandError(
          `${options.data}: expected report JSON, found invalid JSON (${(error as Error).message})`,
        );
      }
      for (const field of ['title', 'classNames', 'summary', 'traces', 'spectrograms', 'outputs'] as const) {
        if (data[field] === undefined) {
          throw new CliCommandError(`${options.data}: expected a report data object with "${field}", found none`);
        }
      }
      await writeReport(options.output, data);
      io.stdout(`report written to ${options.output}\n`);
    });
}
