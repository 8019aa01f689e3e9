import type { Command } from 'commander';
import { checkOutputFile, readInputText } from '../cli-files.js';
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
      await checkOutputFile('--output', options.output);
      const text = await readInputText('--data', options.data, 'a report data JSON file');
      let data: ReportData;
      try {
        data = JSON.parse(text) as ReportData;
      } catch (error) {
        throw new CliCommandError(
          `${options.data}: expected report JSON, found invalid JSON (${(error as Error).message})`,
        );
      }
      checkReportShape(options.data, data);
      try {
        await writeReport(options.output, data);
      } catch (error) {
        // a field of the right type but the wrong inner shape: name the data file rather than a bare TypeError
        if (!(error instanceof TypeError)) throw error;
        throw new CliCommandError(
          `${options.data}: expected report data as tscls demo writes it, found ${error.message}`,
        );
      }
      io.stdout(`report written to ${options.output}\n`);
    });
}

/** Checks the top-level fields of report data: `title` a string; the lists arrays; objects where objects go. */
function checkReportShape(file: string, data: unknown): asserts data is ReportData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CliCommandError(`${file}: expected a report data object, found ${JSON.stringify(data)?.slice(0, 40)}`);
  }
  const record = data as Record<string, unknown>;
  if (typeof record.title !== 'string') {
    throw new CliCommandError(`${file}: "title": expected a string, found ${JSON.stringify(record.title) ?? 'none'}`);
  }
  for (const field of ['classNames', 'summary', 'traces', 'spectrograms', 'outputs']) {
    if (!Array.isArray(record[field])) {
      const found = record[field] === undefined ? 'none' : JSON.stringify(record[field]).slice(0, 40);
      throw new CliCommandError(`${file}: "${field}": expected an array, found ${found}`);
    }
  }
}
