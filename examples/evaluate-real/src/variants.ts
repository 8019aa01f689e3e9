// probe: training / feature variants on the demo's dataset (not committed)
import { readFile } from 'node:fs/promises';
import { buildLabelledDataset, compareDetectors, initializeBackend, type LabelledRecording, sensorFeatureSettings, splitForValidation, stratifiedSplit, trainAst, TRAINING_DEFAULTS } from '@tsc/ast-model';
import { readLabelledRecordings, readPhoneLogRecordings } from '@tsc/ast-model/node';
const datasetDir = process.argv[2]!;
const only = process.argv[3]?.split(',');
const seeds = (process.argv[4] ?? '1').split(',').map(Number);
const { recordings } = JSON.parse(await readFile(`${datasetDir}/manifest.json`, 'utf8'));
const levels = ['none', 'low', 'high'];
const split = stratifiedSplit(recordings.map((e: any) => levels.indexOf(e.level)), { seed: 1, validationFraction: 0, testFraction: 0.2 });
const pick = (idx: Int32Array) => Array.from(idx, (i) => recordings[i]);
const test: LabelledRecording[] = [];
for await (const r of readLabelledRecordings(pick(split.test))) test.push(r);
const real = await readPhoneLogRecordings('/work/main/fixtures/broad-dev');
await initializeBackend();
const V: Record<string, { spec?: any; config?: any; options?: any }> = {
  base: {},
  drop1: { config: { hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1 } },
  wd05: { options: { weightDecay: 0.05 } },
  specaug: { options: { specAugment: true } },
  mixup: { options: { mixup: true } },
  bins8: { spec: { minFftLength: 16 } },
  bins16: { spec: { minFftLength: 32 } },
  frame32: { spec: { frameSec: 0.32, hopSec: 0.08 } },
  h32: { config: { hiddenSize: 32, intermediateSize: 64 } },
  l1: { config: { numHiddenLayers: 1 } },
  mix05: { options: { mixup: { probability: 0.5 } } },
  grid8: { config: { timeStride: 8 } },
  grid4: { config: { timeStride: 4, timePatchSize: 6 } },
  ep32: { options: { epochs: 32, earlyStoppingPatience: 8 } },
};
const cache = new Map<string, any>();
for (const name of only ?? Object.keys(V)) {
  const v = V[name]!;
  const base = sensorFeatureSettings();
  const settings = { ...base, spectrogram: { ...base.spectrogram, ...(v.spec ?? {}) } };
  const key = JSON.stringify(settings);
  if (!cache.has(key)) {
    const pool = await buildLabelledDataset(readLabelledRecordings(pick(split.train), { settings }), settings);
    cache.set(key, splitForValidation(pool, { seed: 1, validationFraction: 0.15 }));
  }
  const { train, validation } = cache.get(key);
  for (const seed of seeds) {
    const t0 = performance.now();
    const { classifier } = await trainAst({ config: { preset: 'sensor', ...(v.config ?? {}) }, train: train.dataset, validation: validation.dataset,
      options: { ...TRAINING_DEFAULTS, seed, ...(v.options ?? {}), featureSettings: settings } });
    const [syn] = compareDetectors(classifier, test, 'syn');
    const [re] = compareDetectors(classifier, real, 'real');
    classifier.dispose();
    process.stdout.write(`${name}\tseed ${seed}\tsyn ${syn!.metrics.macroF1.toFixed(3)}\treal BA ${re!.metrics.binary.balancedAccuracy.toFixed(3)} AUC ${re!.metrics.binary.rocAuc?.toFixed(3)}\t${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
}
