import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstClassifier } from './ast-classifier.js';
import { astConfig } from './ast-config.js';
import { initializeBackend } from './backend.js';
import { classifyRecording } from './classify-recording.js';
import { createAstModel } from './create-ast-model.js';
import { saveModelDirectory } from './node/model-directory.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from './sensor-features.js';

// Runs the `@example` blocks of the TSDoc as written (taken from the source files), with the variables they assume
// supplied, and checks what they print against what their comments say.

/** The code of the `@example` block in the TSDoc right above `export … <symbol>` in `file` (relative to src/). */
async function exampleOf(file: string, symbol: string): Promise<string> {
  const source = await readFile(join(import.meta.dirname, file), 'utf8');
  const at = source.search(new RegExp(`export (?:async )?(?:function|class|const) ${symbol}\\b`));
  const doc = source.slice(source.lastIndexOf('/**', at), at);
  const code = /@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/.exec(doc)?.[1];
  if (code === undefined) throw new Error(`${file}: no @example above ${symbol}`);
  return code.replace(/^\s*\* ?/gm, '');
}

/**
 * Runs example `code` (TypeScript, types stripped) with `context` as its free variables; returns what it printed
 * with console.log.
 */
async function runExample(code: string, context: Record<string, unknown>): Promise<unknown[][]> {
  const { outputText } = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const printed: unknown[][] = [];
  const console = { log: (...values: unknown[]) => printed.push(values) };
  const names = [...Object.keys(context), 'console'];
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction(...names, outputText)(...Object.values(context), console);
  return printed;
}

const labels = ['0', '1', '2'];
let classifier: AstClassifier;
let dir: string;

beforeAll(async () => {
  await initializeBackend();
  // an (untrained) sensor model for the default feature settings, as `trainAst` would size it from the data
  const { windowSec, spectrogram } = DEFAULT_SENSOR_FEATURE_SETTINGS;
  const [frames, bins] = sensorSpectrogramShape(spectrogram, windowSec * spectrogram.sampleRateHz!).shape;
  const config = astConfig({ preset: 'sensor', maxLength: frames, numMelBins: bins });
  const model = createAstModel(config, { seed: 1 });
  classifier = new AstClassifier({
    model,
    config,
    labelNames: labels,
    featureSettings: { ...DEFAULT_SENSOR_FEATURE_SETTINGS },
  });
  dir = await mkdtemp(join(tmpdir(), 'tsdoc-examples-'));
});
afterAll(async () => {
  classifier.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('TSDoc examples', () => {
  it('createAstModel: logits of shape [1, 3] for one [30, 160] window', async () => {
    const code = await exampleOf('create-ast-model.ts', 'createAstModel');
    const printed = await runExample(code, { tf, initializeBackend, createAstModel, astConfig });
    expect(printed).toEqual([[[1, 3]]]);
  });

  it("AstClassifier: loads a model over HTTP and predicts one window's class", async () => {
    await saveModelDirectory(join(dir, 'MAG_DIST_01'), classifier);
    const server = createServer(async (request, response) => {
      try {
        response.end(await readFile(join(dir, (request.url ?? '').replace('/models/', ''))));
      } catch {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const code = (await exampleOf('ast-classifier.ts', 'AstClassifier')).replace(
        'https://example.com/',
        `http://127.0.0.1:${port}/`,
      );
      const [[first]] = (await runExample(code, { AstClassifier })) as [[{ label: string; probabilities: number[] }]];
      expect(labels).toContain(first.label);
      expect(first.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    } finally {
      server.close();
    }
  });

  it('classifyRecording: one message per window, labels as the model names them', async () => {
    const plan = createDatasetPlan({ level: 'high', kind: 'dipole', motion: 'yaw', seed: 2, durationSec: 9 });
    const { recording } = generateRecording(plan, { seed: 2 });
    const code = await exampleOf('classify-recording.ts', 'classifyRecording');
    const printed = await runExample(code, { classifyRecording, recording, classifier });
    const [[message], [metadata]] = printed as [[{ logTimeNs: bigint; label: string }], [{ mag_distortion: string }]];
    expect(message.logTimeNs).toBe(BigInt(DEFAULT_SENSOR_FEATURE_SETTINGS.windowSec * 1e9)); // the first window's end
    expect(labels).toContain(message.label);
    expect(labels).toContain(metadata.mag_distortion);
  });
});
