import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInkPixels, launchChromium, skipBrowserTests } from '../../test/chromium.js';
import { handmadeReport } from '../../test/report-fixture.js';
import { renderReportHtml } from './render-report.js';

describe.skipIf(skipBrowserTests)('the report in headless chromium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders every figure with a size, no console errors and a non-blank page', async () => {
    const path = join(dir, 'report.html');
    await writeFile(path, await renderReportHtml(handmadeReport));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${path}`);
      const figures = await page.locator('figure > svg, figure > img').all();
      expect(figures.length).toBe(6);
      for (const figure of figures) {
        const box = await figure.boundingBox();
        expect(box?.width).toBeGreaterThan(50);
        expect(box?.height).toBeGreaterThan(50);
        expect(await countInkPixels(page, await figure.screenshot())).toBeGreaterThan(500);
      }
      expect(await countInkPixels(page, await page.screenshot({ fullPage: true }))).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
