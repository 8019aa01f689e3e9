import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@tsc/fixtures';
import { readClassificationFile } from '@tsc/mcap-utils/node';
import { formatApiKey } from '@tsc/nstrumenta';
import { startStandInServer } from '@tsc/nstrumenta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInkPixels, launchChromium, skipBrowserTests } from '../../test/chromium.js';
import { captureIo } from '../cli-io.js';
import type { ReportData } from '../report/report-data.js';
import { runCli } from '../run-cli.js';
import { type PipelineProgress, runPipeline } from './run-pipeline.js';

/** `tscls demo` end to end at a tiny size (seconds), then its report in headless chromium. */
describe('tscls demo (runPipeline)', () => {
  let dir: string;
  let output: string;
  let code: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-demo-'));
    // one real BROAD trial with measured truth (a stationary magnet passed), as --real-data reads them
    const real = join(dir, 'real-in');
    await mkdir(real);
    for (const file of ['29_disturbed_stationary_magnet_B.json.gz', '29_disturbed_stationary_magnet_B.labels.json']) {
      await copyFile(join(repositoryRoot, 'fixtures', 'broad-dev', file), join(real, file));
    }
    const io = captureIo({});
    code = await runCli(
      [
        'demo',
        '-o',
        dir,
        '--recordings',
        '9',
        '--duration',
        '20',
        '--max-steps',
        '3',
        '--seed',
        '2',
        '--real-data',
        real,
      ],
      io,
    );
    output = io.out() + io.err();
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every step and prints the held-out metrics, the confusion matrix and the outputs', async () => {
    expect(output).toContain('held-out test');
    expect(code).toBe(0);
    expect(output).toMatch(/macro-F1 \d\.\d{3}/);
    expect(output).toContain('confusion matrix (rows: truth, columns: predicted)');
    expect(output).toContain('uploaded to the local project store');
    for (const file of [
      'report.html',
      'report.json',
      'metrics.json',
      'MAG_DIST_DEMO.model.tar.gz',
      'model/config.json',
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const stored = join(dir, 'store');
    expect(existsSync(stored)).toBe(true);
    const data = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as ReportData;
    expect(data.classNames).toEqual(['none', 'low', 'high']);
    expect(data.spectrograms.map((spectrogram) => spectrogram.className)).toEqual(['none', 'low', 'high']);
    expect(data.timeline?.truth.map((segment) => segment.className)).toEqual([
      'none',
      'low',
      'high',
      'none',
      'high',
      'low',
      'none',
      'high',
    ]);
    expect(data.evaluation?.confusionMatrix.flat().reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(data.comparison?.map((row) => `${row.dataset}: ${row.detector}`)).toEqual([
      'synthetic held-out: model',
      'synthetic held-out: norm-dip',
      'synthetic held-out: field-consistency',
      'synthetic held-out: deviation-bound',
      'real recordings: model',
      'real recordings: norm-dip',
      'real recordings: field-consistency',
      'real recordings: deviation-bound',
    ]);
    // the trial's truth: 2 disturbed windows (2 s every 1 s: 4 here), the rest clean or ambiguous
    const realRule = data.comparison!.find((row) => row.dataset === 'real recordings' && row.detector === 'norm-dip')!;
    expect(realRule.positives).toBeGreaterThan(0);
    expect(realRule.negatives).toBeGreaterThan(50);
    expect(output).toContain('the model beside the physics baselines');
    expect(output).toMatch(/the model against the best rule:\n {2}synthetic held-out: balanced accuracy \d\.\d{3}, /);
    expect(output).toMatch(/\n {2}real recordings: balanced accuracy \d\.\d{3}, /);
    expect(data.trainingData?.map((fact) => fact.name)).toEqual([
      'places',
      'sensors',
      'sample rates',
      'motions',
      'disturbances',
      'labelled time',
    ]);
  });

  it.skipIf(skipBrowserTests)('writes a report whose every figure renders in chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('requestfailed', (request) => errors.push(`${request.url()} failed`));
      await page.goto(`file://${join(dir, 'report.html')}`);
      const figures = await page.locator('figure > svg, figure > img').all();
      // 2 traces, 3 spectrograms, 2 training curves, confusion matrix, per-class metrics, timeline
      expect(figures.length).toBe(10);
      for (const figure of figures) {
        const box = await figure.boundingBox();
        expect(box?.width).toBeGreaterThan(50);
        expect(box?.height).toBeGreaterThan(50);
        expect(await countInkPixels(page, await figure.screenshot())).toBeGreaterThan(500);
      }
      const images = await page
        .locator('figure > img')
        .evaluateAll((nodes) => nodes.map((node) => (node as HTMLImageElement).naturalWidth));
      expect(images.every((width) => width > 0)).toBe(true);
      expect(await countInkPixels(page, await page.screenshot({ fullPage: true }))).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('runPipeline progress', () => {
  it('reports every stage in order, and the classify stage window by window up to the window count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsc-pipeline-progress-'));
    try {
      const reports: PipelineProgress[] = [];
      await runPipeline({
        outputDir: dir,
        seed: 3,
        recordings: 9,
        durationSec: 6,
        maxSteps: 1,
        batchSize: 16,
        apiKey: '',
        onProgress: (progress) => reports.push({ ...progress }),
      });
      expect([...new Set(reports.map((report) => report.stage))]).toEqual([
        'generate',
        'spectrogram',
        'train',
        'classify',
        'report',
        'upload',
      ]);
      const classify = reports.filter((report) => report.stage === 'classify');
      // the 80 s fresh recording has 79 windows (2 s every 1 s), classified 16 at a time
      const windowCount = (await readClassificationFile(join(dir, 'fresh', 'fresh.classification.mcap'))).length;
      expect(windowCount).toBe(79);
      expect(classify.map((report) => report.done)).toEqual([16, 32, 48, 64, 79]);
      expect(classify.every((report) => report.total === windowCount)).toBe(true);
      // the stage reports sit between training and the report, with nothing else in between
      const first = reports.findIndex((report) => report.stage === 'classify');
      expect(reports.slice(first, first + classify.length)).toEqual(classify);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('tscls demo --max-memory', () => {
  it('refuses a training dataset past the limit with MemoryLimitError naming it; a larger limit lets it through', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tscls-demo-memory-'));
    try {
      // 24 recordings of 20 s: a generated recording's windows need up to 2.14 MiB, more than 1 MiB (the features,
      // one bin per channel, would fit)
      const demo = (maxMemoryMib: string) =>
        ['demo', '-o', dir, '--recordings', '24', '--duration', '20', '--max-steps', '1', '--seed', '2'].concat(
          '--no-data-parallel',
          '--max-memory',
          maxMemoryMib,
        );
      const refused = captureIo({});
      expect(await runCli(demo('1'), refused)).toBe(1);
      expect(refused.err()).toMatch(
        /MemoryLimitError: .* would need [12]\.\d\d MiB of memory; the limit is 1\.00 MiB \(--max-memory\)/,
      );
      expect(existsSync(join(dir, 'model'))).toBe(false); // refused before training
      const raised = captureIo({});
      expect(await runCli(demo('64'), raised)).toBe(0);
      expect(existsSync(join(dir, 'model', 'config.json'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('tscls report', () => {
  it('renders a saved report.json again, and refuses a file that is not report data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tscls-report-cmd-'));
    try {
      const io = captureIo({});
      expect(
        await runCli(
          ['demo', '-o', dir, '--recordings', '9', '--duration', '20', '--max-steps', '2', '--seed', '4'],
          io,
        ),
      ).toBe(0);
      const output = join(dir, 'again.html');
      const again = captureIo();
      expect(await runCli(['report', '--data', join(dir, 'report.json'), '-o', output], again)).toBe(0);
      const html = await readFile(output, 'utf8');
      expect(html.match(/<figure /g)).toHaveLength(10);
      expect(html).toMatch(/<p>The model against the best rule:<\/p><ul><li>synthetic held-out: balanced accuracy /);
      await writeFile(join(dir, 'bad.json'), '{"title": "x"}');
      const bad = captureIo();
      expect(await runCli(['report', '--data', join(dir, 'bad.json'), '-o', join(dir, 'bad.html')], bad)).toBe(1);
      expect(bad.err()).toContain('"classNames": expected an array, found none');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('tscls demo with NSTRUMENTA_API_KEY', () => {
  it('uploads the results to the Nstrumenta project (stand-in server) instead of the local store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tscls-demo-nst-'));
    const secret = 'feedface-1111-4222-8333-444455556666';
    const server = await startStandInServer({ root: join(dir, 'server'), keys: { [secret]: 'nst-test' } });
    try {
      const io = captureIo({ NSTRUMENTA_API_KEY: formatApiKey(secret, server.url) });
      const code = await runCli(
        ['demo', '-o', join(dir, 'out'), '--recordings', '9', '--duration', '6', '--max-steps', '2', '--seed', '5'],
        io,
      );
      expect(io.err()).toBe('');
      expect(code).toBe(0);
      expect(io.out()).toContain('uploaded to Nstrumenta');
      expect(io.out()).not.toContain(secret);
      expect(existsSync(join(dir, 'out', 'store'))).toBe(false);
      for (const name of ['report.html', 'MAG_DIST_DEMO.model.tar.gz', 'fresh.classification.mcap']) {
        expect(existsSync(server.blobPath(`tsc-demo/seed-5/${name}`)), name).toBe(true);
      }
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
