/**
 * Writes the figures of a report (a `report.json` written by `tscls demo` / `pnpm demo`) as PNG files for the docs:
 * the SVG charts are drawn by headless chromium, the spectrograms enlarged in whole pixels to about 360 px wide (the
 * default features' images are 4 channels by 18 frames).
 *
 *   pnpm --filter @tsc/cli exec tsx --conditions=@tsc/source scripts/write-docs-figures.ts .tsc-demo/report.json ../../docs/images
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderReportFigures } from '../src/report/render-report.js';
import type { ReportData } from '../src/report/report-data.js';
import { launchChromium } from '../test/chromium.js';

const [reportPath, outputDir] = process.argv.slice(2).filter((arg) => arg !== '--');
if (reportPath === undefined || outputDir === undefined) {
  console.error('usage: write-docs-figures.ts REPORT.json OUTPUT_DIR');
  process.exit(2);
}
const data = JSON.parse(await readFile(resolve(reportPath), 'utf8')) as ReportData;
await mkdir(resolve(outputDir), { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  for (const figure of await renderReportFigures(data)) {
    const file = join(resolve(outputDir), `${figure.id}.png`);
    if (figure.format === 'png') {
      const png = Buffer.from(figure.content, 'base64');
      const scale = Math.max(1, Math.floor(360 / png.readUInt32BE(16))); // the IHDR width
      const style = `image-rendering:pixelated;display:block;width:${scale * png.readUInt32BE(16)}px`;
      await page.setContent(
        `<body style="margin:0"><img style="${style}" src="data:image/png;base64,${figure.content}">`,
      );
      await page.locator('img').screenshot({ path: file });
    } else {
      await page.setContent(`<!doctype html><body style="margin:0;background:white">${figure.content}</body>`);
      await page.locator('svg').first().screenshot({ path: file });
    }
    console.log(`${file}  ${figure.caption}`);
  }
} finally {
  await browser.close();
}
