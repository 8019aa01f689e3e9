import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AstClassifier,
  createAstModel,
  initializeBackend,
  StreamingClassifier,
  type StreamingPrediction,
  sensorAstConfig,
  sensorFeatureSettings,
} from '@tsc/ast-model';
import { loadModelDirectory, saveModelDirectory } from '@tsc/ast-model/node';
import { fixturePath } from '@tsc/fixtures';
import { parsePhoneLogLine } from '@tsc/mcap-utils';
import { readPhoneLogText } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

/** The first `seconds` of a real phone sensor log (BROAD, 95.238 Hz, accelerometer in g), one record per line. */
async function phoneLogLines(file: string, seconds: number): Promise<string[]> {
  const { data } = JSON.parse(await readPhoneLogText(fixturePath('broad-dev', file))) as {
    data: { ts: number; type: string }[];
  };
  const firstUs = data[0]!.ts;
  return data.filter((record) => record.ts < firstUs + seconds * 1e6).map((record) => `${JSON.stringify(record)}\n`);
}

/** Resolves when `predicate` holds for the text read so far from `stream`, or rejects after `timeoutMs`. */
function waitForOutput(read: () => string, predicate: (text: string) => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (predicate(read())) {
        clearInterval(poll);
        resolvePromise();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no output after ${timeoutMs} ms; stdout so far: ${read()}`));
      }
    }, 50);
  });
}

describe('tscls classify --follow - (a real process reading a pipe)', () => {
  let dir: string;
  let model: string;

  beforeAll(async () => {
    // an untrained model with the CLI's default feature settings: its outputs still depend on every sample
    await initializeBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'tscls-follow-'));
    model = join(dir, 'model');
    const featureSettings = sensorFeatureSettings();
    const config = sensorAstConfig(featureSettings, { hiddenSize: 16, intermediateSize: 32 });
    const classifier = new AstClassifier({
      model: createAstModel(config, { seed: 5 }),
      config,
      labelNames: ['0', '1', '2'],
      featureSettings: { ...featureSettings },
    });
    await saveModelDirectory(model, classifier, { modelId: 'FOLLOW' });
    classifier.dispose();
  }, 60_000);
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('prints each window as soon as its samples are piped in, as StreamingClassifier does', async () => {
    const lines = await phoneLogLines('33_disturbed_attached_magnet_2cm.json.gz', 12);
    // what the library gives for the same lines (accelerometer in g, the default unit)
    const classifier = await loadModelDirectory(model);
    const stream = new StreamingClassifier(classifier);
    const expected: StreamingPrediction[] = [];
    for (const [i, line] of lines.entries()) {
      const sample = parsePhoneLogLine(line, `line ${i + 1}`);
      if (sample !== undefined) expected.push(...stream.push(sample.topic, [sample.timeNs], sample.values));
    }
    expected.push(...stream.end());
    classifier.dispose();
    expect(expected).toHaveLength(10); // 12 s at 95.238 Hz, resampled to 100 Hz: 2 s windows every 1 s

    const child = spawn(
      process.execPath,
      [tsxCli, '--conditions=@tsc/source', 'src/bin.ts', 'classify', '--model', model, '--follow', '-'],
      // the backend of the expectations (tensorflow, where it loads, rounds differently)
      {
        cwd: packageDir,
        env: { ...process.env, NSTRUMENTA_API_KEY: '', TSC_TFJS_BACKEND: 'wasm' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err += text;
    });
    const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
    // The first 6 s: windows 0–2 and 1–3 … are classified while the pipe is still open.
    const half = Math.floor(lines.length / 2);
    child.stdin.write(lines.slice(0, half).join(''));
    await waitForOutput(
      () => out,
      (text) => text.split('\n').length > 3,
      60_000,
    );
    const beforeEnd = out.trim().split('\n').length;
    child.stdin.end(lines.slice(half).join(''));
    expect(await exited).toBe(0);
    expect(beforeEnd).toBeGreaterThanOrEqual(3);
    const live = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(live.map((p) => [BigInt(p.windowStartNs), BigInt(p.windowEndNs), p.label, p.probabilities])).toEqual(
      expected.map((p) => [p.windowStartNs, p.windowEndNs, p.label, p.probabilities]),
    );
    expect(err).toContain(`classified ${expected.length} windows from ${lines.length} lines of standard input`);
  }, 120_000);
});
