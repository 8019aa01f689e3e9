import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInkPixels, launchChromium, skipBrowserTests } from '../test/chromium.js';
import { serveFolder } from '../test/static-server.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typedocBin = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin', 'typedoc');

/**
 * Builds the docs site for this package together with the hand-written guides (`docs/*.md`) into a temporary folder,
 * with the settings of the root `pnpm docs` (warnings are errors), then opens it in headless chromium.
 */
describe.skipIf(skipBrowserTests)('the docs site in headless chromium', () => {
  let site: string;
  beforeAll(async () => {
    site = await mkdtemp(join(tmpdir(), 'tscls-site-'));
    await promisify(execFile)(
      process.execPath,
      [
        typedocBin,
        '--options',
        'typedoc.json',
        '--tsconfig',
        'tsconfig.json',
        '--projectDocuments',
        '../../docs/*.md',
        '--name',
        '@tsc',
        '--out',
        site,
        '--disableGit',
        '--sourceLinkTemplate',
        'https://github.com/tsc-imu/tsc/blob/{gitRevision}/{path}#L{line}',
        '--gitRevision',
        'main',
        '--treatWarningsAsErrors',
      ],
      { cwd: packageDir },
    );
  }, 120_000);
  afterAll(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it('loads the index, a guide with its pictures and an API page without errors', async () => {
    const server = await serveFolder(site);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('response', (response) => {
        // browsers ask for /favicon.ico on their own; typedoc has none
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
          errors.push(`${response.status()} ${response.url()}`);
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(error.message));

      await page.goto(`${server.url}/index.html`);
      await expect(page.title()).resolves.toContain('@tsc');
      expect(await countInkPixels(page, await page.screenshot())).toBeGreaterThan(5_000);

      const apiPage = (await readdir(join(site, 'functions'))).find((name) => name.endsWith('runCli.html'));
      expect(apiPage).toBeDefined();
      await page.goto(`${server.url}/functions/${apiPage}`);
      await expect(page.locator('h1').first().textContent()).resolves.toContain('runCli');

      const documents = await readdir(join(site, 'documents'));
      const documentPage = (pattern: RegExp) => documents.find((name) => pattern.test(name));
      expect(documents.length).toBeGreaterThanOrEqual(7);
      await page.goto(`${server.url}/documents/${documentPage(/getting.started/i)}`);
      await expect(page.locator('h1').first().textContent()).resolves.toContain('Getting started');

      // the walkthrough's pictures are figures of a real report, copied into the site by typedoc
      await page.goto(`${server.url}/documents/${documentPage(/walkthrough/i)}`);
      await page.waitForLoadState('load');
      const pictures = await page
        .locator('.tsd-typography img')
        .evaluateAll((nodes) => nodes.map((node) => (node as HTMLImageElement).naturalWidth));
      expect(pictures.length).toBeGreaterThanOrEqual(10);
      expect(pictures.every((width) => width > 0)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
