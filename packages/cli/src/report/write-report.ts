import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderReportHtml } from './render-report.js';
import type { ReportData } from './report-data.js';

/**
 * Writes a file through a temporary file in the same directory and a rename, so readers never see half a file.
 *
 * @param path - the destination; its directory is created when missing.
 * @param content - the bytes or text to write.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Renders a report and writes it as one self-contained HTML file (atomically).
 *
 * @param path - the `.html` file to write.
 * @param data - what the report shows.
 */
export async function writeReport(path: string, data: ReportData): Promise<void> {
  await writeFileAtomic(path, await renderReportHtml(data));
}
