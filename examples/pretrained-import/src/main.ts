/**
 * Loads a HuggingFace Audio Spectrogram Transformer checkpoint (config.json + model.safetensors) into
 * TensorFlow.js, classifies the input batch stored beside it and compares the logits with HuggingFace's own.
 *
 *   pnpm --filter @tsc/example-pretrained-import start [CHECKPOINT_DIR]
 *
 * Without an argument it uses the tiny checkpoint of the repository's fixtures ($TSC_FIXTURES_DIR/ast-hf-tiny, else
 * fixtures/ast-hf-tiny).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initializeBackend } from '@tsc/ast-model';
import { loadHuggingFaceCheckpoint } from '@tsc/ast-model/node';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixturesDir = process.env.TSC_FIXTURES_DIR ?? join(repositoryRoot, 'fixtures');
const checkpointDir = resolve(process.argv[2] ?? join(fixturesDir, 'ast-hf-tiny'));
if (!existsSync(join(checkpointDir, 'config.json'))) {
  console.error(`no checkpoint at ${checkpointDir}: pass a folder with config.json and model.safetensors`);
  process.exit(1);
}

async function readFloat32(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

const { backend } = await initializeBackend();
const classifier = await loadHuggingFaceCheckpoint(checkpointDir);
const { maxLength, numMelBins, hiddenSize, numHiddenLayers } = classifier.config;
console.log(`checkpoint   ${checkpointDir}`);
console.log(`backend      ${backend}`);
console.log(
  `model        hidden ${hiddenSize}, ${numHiddenLayers} layers, input ${maxLength} frames × ${numMelBins} bins`,
);
console.log(`labels       ${classifier.labelNames.join(', ')}`);

// The fixture's input batch is [batch, time frames, mel bins], the layout AST expects.
const manifestPath = join(checkpointDir, 'manifest.json');
if (!existsSync(manifestPath)) process.exit(0);
const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
  input: { file: string; shape: [number, number, number] };
  logits?: { file: string; shape: [number, number] };
};
const input = await readFloat32(join(checkpointDir, manifest.input.file));
const predictions = classifier.predict({ data: input, shape: manifest.input.shape });
for (const [index, prediction] of predictions.entries()) {
  const probabilities = prediction.probabilities.map((p) => p.toFixed(3)).join(' ');
  console.log(`input ${index}      ${prediction.label.padEnd(6)} probabilities [${probabilities}]`);
}

if (manifest.logits !== undefined) {
  // Compare the raw logits with those HuggingFace computed for the same input.
  const expected = await readFloat32(join(checkpointDir, manifest.logits.file));
  const logits = tf.tidy(() =>
    (classifier.model.predict(tf.tensor3d(input, manifest.input.shape)) as tf.Tensor).dataSync(),
  );
  let maxDifference = 0;
  for (let i = 0; i < expected.length; i++)
    maxDifference = Math.max(maxDifference, Math.abs(expected[i]! - logits[i]!));
  console.log(`max |logit - HuggingFace logit| = ${maxDifference.toExponential(2)}`);
}
classifier.dispose();
