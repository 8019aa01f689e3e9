import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AstClassifier,
  classifyRecording,
  concatDatasets,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  initializeBackend,
  prepareRecording,
  recordingWindows,
  trainAst,
  windowsDataset,
} from '@tsc/ast-model';
import { packModelArchive, saveModelDirectory } from '@tsc/ast-model/node';
import { type ClassificationMessage, calibratedRecording, convertPhoneLogText, encodeRecording } from '@tsc/mcap-utils';
import { createDatasetPlan, DATASET_MOTIONS, generateRecording } from '@tsc/synthetic';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolders } from './static-server.js';

const appDist = resolve(import.meta.dirname, '..', 'dist');
const outputDir = resolve(import.meta.dirname, 'output');

/** A tiny model trained with the repository's own API on three synthetic recordings (none, low, high). */
async function trainTinyModel(): Promise<AstClassifier> {
  const settings = { ...DEFAULT_SENSOR_FEATURE_SETTINGS };
  const labelNames = ['0', '1', '2'];
  // the training path of classifyRecording's features: prepareRecording (calibration, rate, reference), windows
  const train = concatDatasets(
    (['none', 'low', 'high'] as const).map((level, i) => {
      const plan = createDatasetPlan({ level, kind: 'world_hard_iron', motion: 'yaw', seed: 20 + i, durationSec: 15 });
      const { recording, labels } = generateRecording(plan, { seed: 20 + i });
      const prepared = prepareRecording(recording, settings);
      const cut = recordingWindows(prepared, settings, { labels: labels.events });
      return windowsDataset(cut, labelNames, prepared.spectrogram);
    }),
  );
  const { classifier } = await trainAst({
    config: { hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 1, numAttentionHeads: 2 },
    train,
    options: { seed: 1, batchSize: 8, maxSteps: 60, learningRate: 3e-3, featureSettings: settings },
  });
  return new AstClassifier({
    model: classifier.model,
    config: classifier.config,
    labelNames,
    featureSettings: { ...settings },
  });
}

/** A recording as the reference's phone sensor-log JSON: calibrated values, µs times, records in time order. */
function phoneLogText(recording: Parameters<typeof calibratedRecording>[0]): string {
  const calibrated = calibratedRecording(recording);
  const types = { mag_raw: 'MAG_AUTOCAL', acc_raw: 'ACCEL_AUTOCAL', gyro_raw: 'GYRO_AUTOCAL' } as const;
  const records: { timeNs: bigint; record: unknown }[] = [];
  for (const [topic, type] of Object.entries(types)) {
    const series = calibrated.topics.get(topic)!;
    series.timestampsNs.forEach((timeNs, i) => {
      const values = Array.from(series.values.subarray(i * 3, i * 3 + 3));
      records.push({ timeNs, record: { ts: Number(timeNs / 1000n), type, values } });
    });
  }
  records.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  return JSON.stringify({ deviceModel: 'e2e', data: records.map((r) => r.record) });
}

/** Waits for the page's classification to finish and returns it. */
async function classifyInPage(page: Page) {
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#classify')?.disabled);
  await page.click('#classify');
  await page.waitForFunction(
    () => (window as unknown as { tscApp: { status: string } }).tscApp.status !== 'classifying',
  );
  return pageMessages(page, 'messages');
}

/** The page's classification results with times as strings (bigints do not cross the page boundary). */
function pageMessages(page: Page, key: 'messages' | 'live') {
  return page.evaluate((which) => {
    const app = (window as unknown as { tscApp: Record<string, unknown[]> }).tscApp;
    return (app[which] as { windowStartNs: bigint; windowEndNs: bigint; label: string; probabilities: number[] }[]).map(
      (m) => ({
        start: String(m.windowStartNs),
        end: String(m.windowEndNs),
        label: m.label,
        probabilities: m.probabilities,
      }),
    );
  }, key);
}

function nodeMessages(messages: readonly ClassificationMessage[]) {
  return messages.map((m) => ({ start: String(m.windowStartNs), end: String(m.windowEndNs), label: m.label }));
}

function maxProbabilityDifference(a: readonly { probabilities: number[] }[], b: readonly ClassificationMessage[]) {
  let max = 0;
  a.forEach((m, i) => {
    m.probabilities.forEach((p, k) => {
      max = Math.max(max, Math.abs(p - b[i]!.probabilities[k]!));
    });
  });
  return max;
}

/** Drops files fetched from the test server on a drop zone, as a drag from the desktop does (a synthetic event). */
function dropFiles(page: Page, selector: string, files: { url: string; name: string }[]) {
  return page.evaluate(
    async ({ selector, files }) => {
      const transfer = new DataTransfer();
      for (const { url, name } of files) transfer.items.add(new File([await (await fetch(url)).arrayBuffer()], name));
      const zone = document.querySelector(selector)!;
      for (const type of ['dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { selector, files },
  );
}

/** Waits for the page's model status to say a model from `source` is loaded, and returns it. */
async function modelLoadedFrom(page: Page, source: string): Promise<string> {
  await page.waitForFunction(
    (from) => document.getElementById('model-status')?.textContent?.endsWith(`from ${from}.`),
    source,
  );
  return (await page.textContent('#model-status'))!;
}

/** A recording's calibrated samples (µT, m/s², rad/s) as plain arrays, what device sensors would read. */
function deviceSamples(recording: Parameters<typeof calibratedRecording>[0]) {
  const calibrated = calibratedRecording(recording);
  const values = (topic: string) => Array.from(calibrated.topics.get(topic)!.values);
  return { mag: values('mag_raw'), acc: values('acc_raw'), gyro: values('gyro_raw'), rateHz: 100 };
}

/**
 * Runs in the page before its scripts: Generic Sensor API classes that replay `samples` at `speed` times real speed
 * (readings timed as the sensor would have taken them), or, without `samples.mag`, no Magnetometer at all.
 */
function fakeGenericSensors(samples: { mag?: number[]; acc: number[]; gyro: number[]; rateHz: number; speed: number }) {
  class ReplayedSensor extends EventTarget {
    x: number | null = null;
    y: number | null = null;
    z: number | null = null;
    timestamp: number | null = null;
    #timer: ReturnType<typeof setInterval> | undefined;
    constructor(readonly values: number[]) {
      super();
    }
    start() {
      const startMs = performance.now();
      const periodMs = 1000 / samples.rateHz;
      let next = 0;
      this.#timer = setInterval(() => {
        const due = ((performance.now() - startMs) * samples.speed) / periodMs;
        for (; next <= due && 3 * next < this.values.length; next++) {
          [this.x, this.y, this.z] = this.values.slice(3 * next, 3 * next + 3) as [number, number, number];
          this.timestamp = startMs + next * periodMs;
          this.dispatchEvent(new Event('reading'));
        }
      }, 20);
    }
    stop() {
      clearInterval(this.#timer);
    }
  }
  const scope = window as unknown as Record<string, unknown>;
  const { mag } = samples;
  scope.Magnetometer =
    mag === undefined
      ? undefined
      : class extends ReplayedSensor {
          constructor() {
            super(mag!);
          }
        };
  scope.Accelerometer = class extends ReplayedSensor {
    constructor() {
      super(samples.acc);
    }
  };
  scope.Gyroscope = class extends ReplayedSensor {
    constructor() {
      super(samples.gyro);
    }
  };
}

describe('web-classifier in Chromium', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let browser: BrowserContext;
  let page: Page;
  let expected: ClassificationMessage[];
  let classifier: AstClassifier;
  let phoneLog: string;
  let devices: ReturnType<typeof deviceSamples>;

  beforeAll(async () => {
    if (!existsSync(join(appDist, 'index.html')))
      throw new Error(`${appDist}/index.html: expected the built site, run pnpm --filter web-classifier build first`);
    await initializeBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'web-classifier-e2e-'));
    classifier = await trainTinyModel();
    await saveModelDirectory(join(dir, 'model'), classifier, { modelId: 'E2E_TINY' });
    await packModelArchive(join(dir, 'model'), join(dir, 'E2E_TINY.model.tar.gz'));
    // The fixture: a zstd-compressed MCAP (the writers' default in Node), so the page decodes zstd with fzstd.
    const plan = createDatasetPlan({ level: 'high', kind: 'world_hard_iron', motion: 'yaw', seed: 9, durationSec: 24 });
    const { recording } = generateRecording(plan, { seed: 9 });
    await writeFile(join(dir, 'recording.mcap'), await encodeRecording(recording, { compression: 'zstd' }));
    expected = classifyRecording(recording, classifier).messages;
    devices = deviceSamples(recording);
    // The same recording as a phone sensor log (calibrated values, µs times, records in time order).
    phoneLog = phoneLogText(recording);
    await writeFile(join(dir, 'Sensor_Log_e2e.json'), phoneLog);
    ({ url, server } = await serveFolders({ '/': appDist, '/fixtures/': dir }));
    const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    // A fresh profile folder per run (playwright's form of --user-data-dir).
    browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath,
      viewport: { width: 1280, height: 1100 },
      acceptDownloads: true,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    classifier?.dispose();
    await browser?.close();
    server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('opens a model by URL and a zstd MCAP by file picker, and classifies every window as Node does', async () => {
    await page.goto(`${url}/?model=/fixtures/model/`);
    await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.startsWith('Model:'));
    expect(await page.textContent('#model-status')).toContain('backend wasm');
    await page.setInputFiles('#recording-file', join(dir, 'recording.mcap'));
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#classify')?.disabled);
    await page.click('#classify');
    await page.waitForFunction(
      () => (window as unknown as { tscApp: { status: string } }).tscApp.status !== 'classifying',
    );
    const messages = await pageMessages(page, 'messages');
    expect(expected.length).toBe(23); // 24 s: windows of 2 s every 1 s
    expect(messages.map(({ start, end, label }) => ({ start, end, label }))).toEqual(nodeMessages(expected));
    const difference = maxProbabilityDifference(messages, expected);
    console.log(`browser vs Node: ${messages.length} windows, classes equal, max probability difference ${difference}`);
    expect(difference).toBeLessThan(1e-6);
    expect(await page.locator('#windows tbody tr').count()).toBe(expected.length);
    await page.click('#windows tbody tr:nth-child(4)');
    expect(await page.textContent('#selected')).toMatch(/^window 3: /);
    mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'classified.png'), fullPage: true });
  });

  it('downloads the classification MCAP and the predicted labels', async () => {
    const [mcap] = await Promise.all([page.waitForEvent('download'), page.click('#download-mcap')]);
    expect(mcap.suggestedFilename()).toBe('recording.classification.mcap');
    const [labels] = await Promise.all([page.waitForEvent('download'), page.click('#download-labels')]);
    expect(labels.suggestedFilename()).toBe('recording.predicted.labels.json');
  });

  it('live mode: replaying the recording gives the windows and classes of Node as they arrive', async () => {
    await page.selectOption('#live-speed', '16');
    await page.click('#live-replay');
    await page.waitForFunction(() => (window as unknown as { tscApp: { liveDone: boolean } }).tscApp.liveDone, null, {
      timeout: 60_000,
    });
    const live = await pageMessages(page, 'live');
    expect(live.map(({ start, end, label }) => ({ start, end, label }))).toEqual(nodeMessages(expected));
    expect(maxProbabilityDifference(live, expected)).toBeLessThan(1e-6);
    expect(await page.locator('#live-list li').count()).toBe(expected.length);
    await page.screenshot({ path: join(outputDir, 'live.png'), fullPage: true });
  });

  it('converts a phone sensor-log JSON in the page and classifies it as Node does', async () => {
    const node = classifyRecording(
      convertPhoneLogText(phoneLog, { fileName: 'Sensor_Log_e2e.json' }).recording,
      classifier,
    );
    await page.setInputFiles('#recording-file', join(dir, 'Sensor_Log_e2e.json'));
    await page.waitForFunction(() =>
      document.getElementById('recording-status')?.textContent?.startsWith('Sensor_Log_e2e.json:'),
    );
    const messages = await classifyInPage(page);
    expect(node.messages.length).toBeGreaterThan(10);
    expect(messages.map(({ start, end, label }) => ({ start, end, label }))).toEqual(nodeMessages(node.messages));
    expect(maxProbabilityDifference(messages, node.messages)).toBeLessThan(1e-6);
  });

  it('generates a synthetic recording from a plan in the page, identical to Node for the same plan and seed', async () => {
    await page.click('#recording-panel summary');
    await page.fill('#plan-duration', '12');
    await page.selectOption('#plan-level', 'low');
    await page.click('#plan-fill');
    await page.click('#generate');
    await page.waitForFunction(() => document.getElementById('recording-status')?.textContent?.startsWith('synthetic'));
    const messages = await classifyInPage(page);
    const plan = createDatasetPlan({
      level: 'low',
      kind: 'world_hard_iron',
      motion: DATASET_MOTIONS[0]!,
      seed: 1,
      durationSec: 12,
    });
    const node = classifyRecording(generateRecording(plan, { seed: 1 }).recording, classifier).messages;
    expect(node).toHaveLength(11); // 12 s: windows of 2 s every 1 s
    expect(messages.map(({ start, end, label }) => ({ start, end, label }))).toEqual(nodeMessages(node));
  });

  it('live mode from device sensors says when there is no magnetometer (headless Chromium has none)', async () => {
    await page.click('#live-device');
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent?.includes('no magnetometer'));
    // devicemotion events still feed the accelerometer and gyroscope (m/s² with gravity, rotation rate in °/s)
    await page.evaluate(() => {
      for (let i = 0; i < 20; i++)
        window.dispatchEvent(
          new DeviceMotionEvent('devicemotion', {
            accelerationIncludingGravity: { x: 0.1, y: 0.2, z: 9.8 },
            rotationRate: { alpha: 10, beta: 20, gamma: 30 },
            interval: 10,
          }),
        );
    });
    await page.waitForFunction(
      () =>
        (window as unknown as { tscApp: { liveSamples: Record<string, number> } }).tscApp.liveSamples.gyro_raw === 20,
    );
    const { samples, live } = await page.evaluate(() => {
      const app = (window as unknown as { tscApp: { liveSamples: Record<string, number>; live: unknown[] } }).tscApp;
      return { samples: app.liveSamples, live: app.live.length };
    });
    expect(samples).toEqual({ acc_raw: 20, gyro_raw: 20 });
    expect(live).toBe(0); // no magnetometer: no window to classify
    await page.click('#live-stop');
    expect(await page.textContent('#live-status')).toMatch(/^Live stopped/);
  });

  it('opens a .model.tar.gz from the file picker', async () => {
    await page.setInputFiles('#model-files', join(dir, 'E2E_TINY.model.tar.gz'));
    await page.waitForFunction(() => document.getElementById('model-status')?.textContent?.startsWith('Model:'));
    expect(await page.textContent('#model-status')).toContain('classes 0, 1, 2');
  });

  it("opens a model dropped on the model panel: a .model.tar.gz, or a model folder's three files", async () => {
    await dropFiles(page, '#model-panel', [{ url: '/fixtures/E2E_TINY.model.tar.gz', name: 'E2E_TINY.model.tar.gz' }]);
    expect(await modelLoadedFrom(page, 'E2E_TINY.model.tar.gz')).toContain('classes 0, 1, 2');
    const folder = ['config.json', 'model.json', 'weights.bin'];
    await dropFiles(
      page,
      '#model-panel',
      folder.map((name) => ({ url: `/fixtures/model/${name}`, name })),
    );
    expect(await modelLoadedFrom(page, folder.join(', '))).toContain('backend wasm');
    // and the dropped model classifies the recording as Node does
    await page.setInputFiles('#recording-file', join(dir, 'recording.mcap'));
    const messages = await classifyInPage(page);
    expect(messages.map(({ start, end, label }) => ({ start, end, label }))).toEqual(nodeMessages(expected));
  });

  it('opens a model by a URL typed in the page, and says which URL failed', async () => {
    const archiveUrl = `${url}/fixtures/E2E_TINY.model.tar.gz`;
    await page.fill('#model-url', archiveUrl);
    await page.click('#model-url-form button');
    expect(await modelLoadedFrom(page, archiveUrl)).toContain('classes 0, 1, 2');
    await page.fill('#model-url', `${url}/fixtures/missing.model.tar.gz`);
    await page.click('#model-url-form button');
    await page.waitForFunction(() => document.getElementById('model-status')?.classList.contains('error'));
    expect(await page.textContent('#model-status')).toBe(
      `${url}/fixtures/missing.model.tar.gz: expected HTTP 200, found 404`,
    );
  });

  it('live mode from device sensors (Generic Sensor API, replaying a recording) classifies windows as they arrive', async () => {
    const sensors = await browser.newPage();
    try {
      await sensors.addInitScript(fakeGenericSensors, { ...devices, speed: 4 });
      await sensors.goto(`${url}/?model=/fixtures/model/`);
      await sensors.waitForFunction(() => document.getElementById('model-status')?.textContent?.startsWith('Model:'));
      await sensors.click('#live-device');
      expect(await sensors.textContent('#live-status')).toBe(
        'Live: device sensors through the Generic Sensor API: Magnetometer, Accelerometer, Gyroscope.',
      );
      // 24 s of samples at 4× real speed: windows of 2 s every 1 s as the readings come
      await sensors.waitForFunction(
        () => (window as unknown as { tscApp: { live: unknown[] } }).tscApp.live.length >= 12,
        null,
        { timeout: 60_000 },
      );
      await sensors.click('#live-stop');
      // stopping flushes the windows the stream still holds: read them once the worker says it has ended
      await sensors.waitForFunction(() => (window as unknown as { tscApp: { liveDone: boolean } }).tscApp.liveDone);
      const live = await pageMessages(sensors, 'live');
      const starts = live.map((p) => BigInt(p.start));
      live.forEach((p, i) => {
        expect(BigInt(p.end) - BigInt(p.start)).toBe(2_000_000_000n);
        if (i > 0) expect(starts[i]! - starts[i - 1]!).toBe(1_000_000_000n);
        expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      });
      // the same samples as the replayed recording: after the running reference's warm-up, mostly Node's classes
      const same = live.slice(5).filter((p, i) => p.label === expected[i + 5]!.label).length;
      console.log(`device sensors: ${live.length} windows live, ${same}/${live.length - 5} with Node's batch class`);
      expect(same).toBeGreaterThanOrEqual(live.length - 5 - 1);
      expect(await sensors.locator('#live-list li').count()).toBe(live.length);
      await sensors.screenshot({ path: join(outputDir, 'live-device.png'), fullPage: true });
    } finally {
      await sensors.close();
    }
  });

  it('live mode falls back to devicemotion without a Magnetometer and says so', async () => {
    const motion = await browser.newPage();
    try {
      const { acc, gyro, rateHz } = devices;
      await motion.addInitScript(fakeGenericSensors, { acc, gyro, rateHz, speed: 4 });
      await motion.goto(`${url}/?model=/fixtures/model/`);
      await motion.waitForFunction(() => document.getElementById('model-status')?.textContent?.startsWith('Model:'));
      await motion.click('#live-device');
      expect(await motion.textContent('#live-status')).toMatch(
        /^Live: this browser offers no Magnetometer \(Generic Sensor API\): falling back to devicemotion, which has accelerometer and gyroscope but no magnetometer/,
      );
      await motion.click('#live-stop');
    } finally {
      await motion.close();
    }
  });
});
