/**
 * Writes the figures of a report (a `report.json` written by `tscls demo` / `pnpm demo`) as files for the docs:
 * SVG charts and PNG spectrograms in docs/images/.
 *
 *   pnpm --filter @tsc/cli exec tsx --conditions=@tsc/source scripts/write-docs-figures.ts .tsc-demo/report.json ../../docs/images
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderReportFigures } from '../src/report/render-report.js';
import type { ReportData } from '../src/report/report-data.js';

const [reportPath, outputDir] = process.argv.slice(2).filter((arg) => arg !== '--');
if (reportPath === undefined || outputDir === undefined) {
  console.error('usage: write-docs-figures.ts REPORT.json OUTPUT_DIR');
  process.exit(2);
}
const data = JSON.parse(await readFile(resolve(reportPath), 'utf8')) as ReportData;
await mkdir(resolve(outputDir), { recursive: true });
for (const figure of await renderReportFigures(data)) {
  const file = join(resolve(outputDir), `${figure.id}.${figure.format}`);
  await writeFile(file, figure.format === 'svg' ? figure.content : Buffer.from(figure.content, 'base64'));
  console.log(`${file}  ${figure.caption}`);
}
