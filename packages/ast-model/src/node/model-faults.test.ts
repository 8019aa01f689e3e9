import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { ModelDirectoryError, ModelOutputError } from '../errors.js';
import { AstClassifier } from '../inference/ast-classifier.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { loadModelDirectory, saveModelDirectory } from './model-directory.js';

// Fault suite (issue 14, Why 3): corrupted weights are detected on load, and no NaN output goes unnoticed.

let root: string;
let classifier: AstClassifier;
const config = astConfig({
  hiddenSize: 16,
  numHiddenLayers: 1,
  numAttentionHeads: 2,
  intermediateSize: 8,
  maxLength: 32,
  numMelBins: 64,
});
const features = { data: new Float32Array(2 * 32 * 64).map((_, i) => Math.sin(i / 5)), shape: [2, 32, 64] as const };

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
  root = await mkdtemp(join(tmpdir(), 'ast-model-faults-'));
  classifier = new AstClassifier({
    model: createAstModel(config, { seed: 5 }),
    config,
    labelNames: ['none', 'low', 'high'],
  });
});

afterAll(async () => {
  classifier.dispose();
  await rm(root, { recursive: true, force: true });
});

async function savedModel(name: string): Promise<string> {
  const dir = join(root, name);
  await saveModelDirectory(dir, classifier);
  return dir;
}

async function loadError(dir: string, warnings: string[] = []): Promise<unknown> {
  return loadModelDirectory(dir, { onWarning: (message) => warnings.push(message) }).then(
    (loaded) => loaded.dispose(),
    (error: unknown) => error,
  );
}

/** Rewrites config.json as a model saved before checksums were recorded. */
async function dropChecksums(dir: string): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  delete json.sha256;
  await writeFile(join(dir, 'config.json'), JSON.stringify(json));
}

describe('model faults', () => {
  it('records the SHA-256 of model.json and weights.bin in config.json', async () => {
    const dir = await savedModel('checksums');
    const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(json.sha256).sort()).toEqual(['model.json', 'weights.bin']);
    expect(json.sha256['weights.bin']).toMatch(/^[0-9a-f]{64}$/);
    const warnings: string[] = [];
    expect(await loadError(dir, warnings)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('refuses a weights.bin of random bytes of the right size, naming the file and both checksums', async () => {
    const dir = await savedModel('random-weights');
    const size = (await readFile(join(dir, 'weights.bin'))).length;
    await writeFile(join(dir, 'weights.bin'), randomBytes(size));
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(ModelDirectoryError);
    expect(error).toMatchObject({ path: dir, field: 'weights.bin' });
    expect(String(error)).toMatch(
      /weights\.bin: expected SHA-256 [0-9a-f]{64} \(recorded in config\.json\); the file is corrupt/,
    );
  });

  it('refuses an edited model.json', async () => {
    const dir = await savedModel('edited-topology');
    const text = await readFile(join(dir, 'model.json'), 'utf8');
    await writeFile(join(dir, 'model.json'), JSON.stringify(JSON.parse(text), null, 1));
    expect(await loadError(dir)).toMatchObject({ field: 'model.json' });
  });

  it('loads a model without checksums with a warning that names the directory', async () => {
    const dir = await savedModel('old-format');
    await dropChecksums(dir);
    const warnings: string[] = [];
    expect(await loadError(dir, warnings)).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining(`${dir}: config.json records no sha256 checksums`)]);
  });

  it('refuses non-finite weights even without checksums, naming the weight and byte', async () => {
    const dir = await savedModel('nan-weight');
    await dropChecksums(dir);
    const weights = await readFile(join(dir, 'weights.bin'));
    weights.writeFloatLE(Number.NaN, 8);
    await writeFile(join(dir, 'weights.bin'), weights);
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(ModelDirectoryError);
    expect(String(error)).toMatch(
      /weights\.bin weight patch_embedding\/kernel at byte 8: expected a finite float32, found "NaN"/,
    );
  });

  it('fails with ModelOutputError when finite but absurd weights give non-finite probabilities', async () => {
    const dir = await savedModel('huge-weights');
    await dropChecksums(dir);
    const weights = await readFile(join(dir, 'weights.bin'));
    for (let offset = 0; offset < weights.length; offset += 4) weights.writeFloatLE(3e38, offset);
    await writeFile(join(dir, 'weights.bin'), weights);
    const loaded = await loadModelDirectory(dir, { onWarning: () => {} });
    try {
      expect(() => loaded.predict(features)).toThrow(ModelOutputError);
      expect(() => loaded.predict(features)).toThrow(
        /model output for window 0: expected finite class probabilities, found \[NaN/,
      );
    } finally {
      loaded.dispose();
    }
  });
});
