import { writeFileAtomic } from '@tsc/mcap-utils/node';
import { renderReportHtml } from './render-report.js';
import type { ReportData } from './report-data.js';

/**
 * Renders a report and writes it as one self-contained HTML file (atomically).
 *
 * @param path - the `.html` file to write.
 * @param data - what the report shows.
 */
export async function writeReport(path: string, data: ReportData): Promise<void> {
  await writeFileAtomic(path, await renderReportHtml(data));
}
