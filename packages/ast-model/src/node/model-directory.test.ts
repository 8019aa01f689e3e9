import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { describeOnEachBackend } from '../backend/test-backends.test-helper.js';
import { ModelDirectoryError } from '../errors.js';
import { LEGACY_FEATURE_SETTINGS } from '../features/feature-settings.js';
import { AstClassifier } from '../inference/ast-classifier.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { modelArchiveName, packModelArchive, unpackModelArchive } from './model-archive.js';
import { loadModelDirectory, readModelMetrics, saveModelDirectory } from './model-directory.js';

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
const features = { data: new Float32Array(2 * 32 * 64).map((_, i) => Math.cos(i / 7)), shape: [2, 32, 64] as const };

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
  root = await mkdtemp(join(tmpdir(), 'ast-model-dir-'));
  classifier = new AstClassifier({
    model: createAstModel(config, { seed: 3 }),
    config,
    labelNames: ['none', 'low', 'high'],
    normalization: { mean: [0.5], std: [2] },
    featureSettings: { windowSec: 2, hopSec: 1, spectrogram: { sampleRateHz: 100, sensors: [], derived: ['dip'] } },
    classWeights: [0.5, 2, 1.5],
  });
});

afterAll(async () => {
  classifier.dispose();
  await rm(root, { recursive: true, force: true });
});

describeOnEachBackend('saveModelDirectory / loadModelDirectory', () => {
  it('round-trips config, labels, feature settings, metrics and predictions exactly', async () => {
    const dir = join(root, 'MAG_DIST_01');
    const metrics = { count: 0, accuracy: 1 } as never;
    await saveModelDirectory(dir, classifier, { modelId: 'MAG_DIST_01', metrics: { validation: metrics } });
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'metrics.json', 'model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(json).toMatchObject({
      formatVersion: 1,
      modelId: 'MAG_DIST_01',
      label2id: { none: 0, low: 1, high: 2 },
      id2label: { 0: 'none', 1: 'low', 2: 'high' },
      featureSettings: { windowSec: 2, hopSec: 1 },
      classWeights: [0.5, 2, 1.5],
    });
    const loaded = await loadModelDirectory(dir);
    expect(loaded.classWeights).toEqual([0.5, 2, 1.5]);
    expect(loaded.labelNames).toEqual(['none', 'low', 'high']);
    expect(loaded.config).toEqual(config);
    expect(loaded.normalization).toEqual({ mean: [0.5], std: [2] });
    expect(loaded.featureSettings).toEqual(classifier.featureSettings);
    expect(Array.from(loaded.predictProbabilities(features))).toEqual(
      Array.from(classifier.predictProbabilities(features)),
    );
    expect((await readModelMetrics(dir))?.metrics.validation).toEqual(metrics);
    // Saving again replaces the directory as a whole.
    await saveModelDirectory(dir, classifier);
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).modelId).toBeUndefined();
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
    loaded.dispose();
  });

  it('gives clear typed errors for a missing file, a wrong shape, a wrong size and an unknown version', async () => {
    const dir = join(root, 'broken');
    const load = async (mutate: () => void) => {
      await saveModelDirectory(dir, classifier);
      mutate();
      return loadModelDirectory(dir).then(
        () => undefined,
        (error: unknown) => error,
      );
    };
    const empty = await load(() => writeFileSync(join(dir, 'weights.bin'), ''));
    expect(empty).toBeInstanceOf(ModelDirectoryError);
    await rm(join(dir, 'weights.bin'));
    await expect(loadModelDirectory(dir)).rejects.toThrow(
      /broken: weights.bin: expected a readable file, found "ENOENT"/,
    );

    const shape = await load(() => {
      const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      model.weightsManifest[0].weights[1].shape = [17];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    });
    expect(String(shape)).toMatch(/model.json weight patch_embedding\/bias: expected shape \[16\], found \[17\]/);

    const size = await load(() => writeFileSync(join(dir, 'weights.bin'), new Uint8Array(12)));
    expect(String(size)).toMatch(/weights.bin: expected \d+ bytes, found 12/);

    const version = await load(() => {
      const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      json.formatVersion = 99;
      writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
    });
    expect(version).toBeInstanceOf(ModelDirectoryError);
    expect(String(version)).toMatch(/config.json formatVersion: expected 1, found 99/);

    const settings = await load(() => {
      const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      json.featureSettings.hopSec = 'fast';
      writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
    });
    expect(settings).toBeInstanceOf(ModelDirectoryError);
    expect(String(settings)).toMatch(
      /config.json featureSettings.hopSec: expected a number of seconds > 0, found "fast"/,
    );

    const weights = await load(() => {
      const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      json.classWeights = [1, -2, 1];
      writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
    });
    expect(weights).toBeInstanceOf(ModelDirectoryError);
    expect(String(weights)).toMatch(/config.json classWeights: expected 3 finite numbers ≥ 0 .*found \[1,-2,1\]/);
  });

  it('loads models saved before the feature settings were typed, filling the missing fields', async () => {
    const dir = join(root, 'older');
    const loadWith = async (featureSettings: unknown) => {
      await saveModelDirectory(dir, classifier);
      const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      json.featureSettings = featureSettings;
      writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
      const loaded = await loadModelDirectory(dir);
      loaded.dispose();
      return loaded.featureSettings;
    };
    expect(await loadWith(undefined)).toEqual(LEGACY_FEATURE_SETTINGS);
    expect(await loadWith({})).toEqual(LEGACY_FEATURE_SETTINGS);
    expect(await loadWith({ windowSec: 2, spectrogram: { sampleRateHz: 100 } })).toEqual({
      windowSec: 2,
      hopSec: 1.5,
      spectrogram: { sampleRateHz: 100 },
      reference: 'fixed',
      contextSec: 0,
    });
    expect((await loadWith({ contextSec: 1 })).contextSec).toBe(1);
    await expect(loadWith({ contextSec: -1 })).rejects.toThrow(/featureSettings\.contextSec/);
  });
});

describe('packModelArchive / unpackModelArchive', () => {
  it('packs under model/ like the reference and unpacks to a loadable directory', async () => {
    const dir = join(root, 'to-pack');
    await saveModelDirectory(dir, classifier);
    const archive = join(root, modelArchiveName('MAG_DIST_01'));
    await packModelArchive(dir, archive);
    const first = await readFile(archive);
    await packModelArchive(dir, archive);
    expect(Buffer.compare(await readFile(archive), first)).toBe(0); // fixed time stamps: same files, same archive
    const entries: string[] = [];
    await tar.list({ file: archive, onReadEntry: (entry) => entries.push(entry.path) });
    expect(entries.sort()).toEqual([
      'model/config.json',
      'model/metrics.json',
      'model/model.json',
      'model/weights.bin',
    ]);
    const out = join(root, 'unpacked');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'stale.txt'), 'from an older model');
    await unpackModelArchive(archive, out);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'metrics.json', 'model.json', 'weights.bin']);
    const loaded = await loadModelDirectory(out);
    expect(Array.from(loaded.predictProbabilities(features))).toEqual(
      Array.from(classifier.predictProbabilities(features)),
    );
    loaded.dispose();
    await writeFile(join(root, 'junk.tar.gz'), 'not an archive');
    await expect(unpackModelArchive(join(root, 'junk.tar.gz'), join(root, 'x'))).rejects.toBeInstanceOf(
      ModelDirectoryError,
    );
    await expect(packModelArchive(join(root, 'nothing-here'), archive)).rejects.toBeInstanceOf(ModelDirectoryError);
  });

  it('refuses a model directory without its model files and an archive without model/', async () => {
    const partial = join(root, 'partial');
    await mkdir(partial, { recursive: true });
    await writeFile(join(partial, 'model.json'), '{}');
    await expect(packModelArchive(partial, join(root, 'partial.tar.gz'))).rejects.toThrow(
      /partial: config\.json: expected a file in the model directory, found "missing"/,
    );
    await writeFile(join(root, 'loose.txt'), 'x');
    await tar.create({ gzip: true, file: join(root, 'other.tar.gz'), cwd: root }, ['loose.txt']);
    await expect(unpackModelArchive(join(root, 'other.tar.gz'), join(root, 'from-other'))).rejects.toThrow(
      /model\/config\.json: expected an entry in the archive, found "missing"/,
    );
    expect(readdirSync(root)).not.toContain('from-other');
  });
});

describe('AstClassifier.load', () => {
  it('loads a model directory over HTTP with fetch', async () => {
    const dir = join(root, 'served');
    await saveModelDirectory(dir, classifier);
    const server = createServer(async (request, response) => {
      try {
        response.end(await readFile(join(dir, (request.url ?? '').replace('/models/served/', ''))));
      } catch {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const loaded = await AstClassifier.load(`http://127.0.0.1:${port}/models/served`);
      expect(loaded.predict(features).map((p) => p.label)).toEqual(classifier.predict(features).map((p) => p.label));
      loaded.dispose();
      await expect(AstClassifier.load(`http://127.0.0.1:${port}/models/absent/`)).rejects.toThrow(
        /absent\/: (config|model)\.json: expected HTTP 200, found 404/, // both are missing: whichever is fetched first
      );
    } finally {
      server.close();
    }
  });
});
