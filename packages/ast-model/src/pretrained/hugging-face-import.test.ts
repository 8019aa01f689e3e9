import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, readFloat32Fixture } from '@tsc/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { initializeBackend } from '../backend/backend.js';
import { CheckpointFormatError } from '../errors.js';
import { AST_LAYER_NAMES, pooledOutputModel } from '../model/create-ast-model.js';
import { loadHuggingFaceCheckpoint } from '../node/hugging-face-checkpoint.js';
import {
  fetchHuggingFaceCheckpoint,
  importHuggingFaceCheckpoint,
  interpolatePositionEmbeddings,
} from './hugging-face-import.js';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('loadHuggingFaceCheckpoint on the transformers fixture', () => {
  it('reproduces the logits and pooled output of ASTForAudioClassification', async () => {
    const classifier = await loadHuggingFaceCheckpoint(fixturePath('ast-hf-tiny'));
    expect(classifier.labelNames).toEqual(['none', 'low', 'high']);
    expect(classifier.config).toMatchObject({ hiddenSize: 64, numHiddenLayers: 2, maxLength: 64, numMelBins: 32 });
    const x = tf.tensor3d(readFloat32Fixture('ast-hf-tiny', 'input.f32'), [2, 64, 32]);
    const logits = classifier.model.predict(x) as tf.Tensor;
    const pooled = pooledOutputModel(classifier.model).predict(x) as tf.Tensor;
    expect(maxAbsDiff(logits.dataSync(), readFloat32Fixture('ast-hf-tiny', 'logits.f32'))).toBeLessThan(1e-4);
    expect(maxAbsDiff(pooled.dataSync(), readFloat32Fixture('ast-hf-tiny', 'pooled.f32'))).toBeLessThan(1e-4);
    tf.dispose([x, logits, pooled]);
    classifier.dispose();
  });
});

// A tiny checkpoint in the HF layout, written by this test: hidden 8, 2 heads, 2 layers, MLP 12, patch 4,
// strides 2 (frequency) / 3 (time), 10 frames × 8 bins → grid 3 × 3.
const H = 8;
const HEADS = 2;
const LAYERS = 2;
const INNER = 12;
const P = 4;
const FS = 2;
const TS = 3;
const T = 10;
const F = 8;
const GF = 3;
const GT = 3;
const LABELS = 3;
const EPS = 1e-12;

function tinyCheckpoint(): Map<string, { shape: number[]; data: Float32Array }> {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  const add = (name: string, shape: number[], scale = 0.5, offset = 0) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => offset + scale * random());
    tensors.set(name, { shape, data });
  };
  const a = 'audio_spectrogram_transformer.';
  add(`${a}embeddings.cls_token`, [1, 1, H]);
  add(`${a}embeddings.distillation_token`, [1, 1, H]);
  add(`${a}embeddings.position_embeddings`, [1, 2 + GF * GT, H]);
  add(`${a}embeddings.patch_embeddings.projection.weight`, [H, 1, P, P]);
  add(`${a}embeddings.patch_embeddings.projection.bias`, [H]);
  for (let l = 0; l < LAYERS; l++) {
    const b = `${a}encoder.layer.${l}.`;
    for (const n of ['query', 'key', 'value']) {
      add(`${b}attention.attention.${n}.weight`, [H, H]);
      add(`${b}attention.attention.${n}.bias`, [H]);
    }
    add(`${b}attention.output.dense.weight`, [H, H]);
    add(`${b}attention.output.dense.bias`, [H]);
    add(`${b}intermediate.dense.weight`, [INNER, H]);
    add(`${b}intermediate.dense.bias`, [INNER]);
    add(`${b}output.dense.weight`, [H, INNER]);
    add(`${b}output.dense.bias`, [H]);
    add(`${b}layernorm_before.weight`, [H], 0.2, 1);
    add(`${b}layernorm_before.bias`, [H]);
    add(`${b}layernorm_after.weight`, [H], 0.2, 1);
    add(`${b}layernorm_after.bias`, [H]);
  }
  add(`${a}layernorm.weight`, [H], 0.2, 1);
  add(`${a}layernorm.bias`, [H]);
  add('classifier.layernorm.weight', [H], 0.2, 1);
  add('classifier.layernorm.bias', [H]);
  add('classifier.dense.weight', [LABELS, H]);
  add('classifier.dense.bias', [LABELS]);
  return tensors;
}

const tinyConfig = {
  model_type: 'audio-spectrogram-transformer',
  hidden_size: H,
  num_hidden_layers: LAYERS,
  num_attention_heads: HEADS,
  intermediate_size: INNER,
  hidden_act: 'gelu',
  layer_norm_eps: EPS,
  patch_size: P,
  frequency_stride: FS,
  time_stride: TS,
  max_length: T,
  num_mel_bins: F,
  qkv_bias: true,
  id2label: { 0: 'a', 1: 'b', 2: 'c' },
};

// The straightforward reference: plain loops in float64, following modeling_audio_spectrogram_transformer.py.
function referenceForward(w: Map<string, { data: Float32Array }>, x: Float32Array): number[] {
  const g = (name: string) => w.get(name)!.data;
  const a = 'audio_spectrogram_transformer.';
  const linearRows = (rows: number[][], weight: Float32Array, bias: Float32Array, out: number) =>
    rows.map((r) =>
      Array.from({ length: out }, (_, o) => r.reduce((s, v, i) => s + v * weight[o * r.length + i]!, bias[o]!)),
    );
  const norm = (rows: number[][], gamma: Float32Array, beta: Float32Array) =>
    rows.map((r) => {
      const mean = r.reduce((s, v) => s + v, 0) / r.length;
      const variance = r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length;
      return r.map((v, i) => ((v - mean) / Math.sqrt(variance + EPS)) * gamma[i]! + beta[i]!);
    });
  const erf = (z: number) => {
    // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead.
    let sum = 0;
    let term = z;
    for (let n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= (-z * z) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  // Tokens: CLS, DIST, then patches frequency-major; input x is [time, bins], the conv sees [bins, time].
  let tokens: number[][] = [
    Array.from(g(`${a}embeddings.cls_token`)),
    Array.from(g(`${a}embeddings.distillation_token`)),
  ];
  const kernel = g(`${a}embeddings.patch_embeddings.projection.weight`);
  const kernelBias = g(`${a}embeddings.patch_embeddings.projection.bias`);
  for (let fi = 0; fi < GF; fi++) {
    for (let ti = 0; ti < GT; ti++) {
      tokens.push(
        Array.from({ length: H }, (_, o) => {
          let s = kernelBias[o]!;
          for (let i = 0; i < P; i++) {
            for (let j = 0; j < P; j++) s += kernel[o * P * P + i * P + j]! * x[(ti * TS + j) * F + fi * FS + i]!;
          }
          return s;
        }),
      );
    }
  }
  const positions = g(`${a}embeddings.position_embeddings`);
  tokens = tokens.map((r, n) => r.map((v, i) => v + positions[n * H + i]!));
  const d = H / HEADS;
  for (let l = 0; l < LAYERS; l++) {
    const b = `${a}encoder.layer.${l}.`;
    const normed = norm(tokens, g(`${b}layernorm_before.weight`), g(`${b}layernorm_before.bias`));
    const [q, k, v] = ['query', 'key', 'value'].map((n) =>
      linearRows(normed, g(`${b}attention.attention.${n}.weight`), g(`${b}attention.attention.${n}.bias`), H),
    ) as [number[][], number[][], number[][]];
    const context = tokens.map(() => new Array<number>(H).fill(0));
    for (let h = 0; h < HEADS; h++) {
      for (let s = 0; s < tokens.length; s++) {
        const scores = tokens.map((_, u) => {
          let dot = 0;
          for (let e = 0; e < d; e++) dot += q[s]![h * d + e]! * k[u]![h * d + e]!;
          return dot / Math.sqrt(d);
        });
        const max = Math.max(...scores);
        const exps = scores.map((z) => Math.exp(z - max));
        const total = exps.reduce((p, c) => p + c, 0);
        for (let u = 0; u < tokens.length; u++) {
          for (let e = 0; e < d; e++) context[s]![h * d + e]! += (exps[u]! / total) * v[u]![h * d + e]!;
        }
      }
    }
    const attention = linearRows(
      context,
      g(`${b}attention.output.dense.weight`),
      g(`${b}attention.output.dense.bias`),
      H,
    );
    tokens = tokens.map((r, s) => r.map((val, i) => val + attention[s]![i]!));
    const normed2 = norm(tokens, g(`${b}layernorm_after.weight`), g(`${b}layernorm_after.bias`));
    const inner = linearRows(normed2, g(`${b}intermediate.dense.weight`), g(`${b}intermediate.dense.bias`), INNER).map(
      (r) => r.map((z) => 0.5 * z * (1 + erf(z / Math.SQRT2))),
    );
    const out = linearRows(inner, g(`${b}output.dense.weight`), g(`${b}output.dense.bias`), H);
    tokens = tokens.map((r, s) => r.map((val, i) => val + out[s]![i]!));
  }
  const final = norm(tokens, g(`${a}layernorm.weight`), g(`${a}layernorm.bias`));
  const pooled = final[0]!.map((val, i) => (val + final[1]![i]!) / 2);
  const head = norm([pooled], g('classifier.layernorm.weight'), g('classifier.layernorm.bias'));
  return linearRows(head, g('classifier.dense.weight'), g('classifier.dense.bias'), LABELS)[0]!;
}

describe('importHuggingFaceCheckpoint on a checkpoint written by the test', () => {
  const tensors = tinyCheckpoint();
  const bytes = encodeSafetensors(tensors);

  it('round-trips safetensors bytes', () => {
    const parsed = parseSafetensors(bytes);
    expect([...parsed.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, t] of tensors) expect(Array.from(parsed.get(name)!.data)).toEqual(Array.from(t.data));
  });

  it('puts every tensor where it belongs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ast-hf-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyConfig));
    writeFileSync(join(dir, 'model.safetensors'), bytes);
    const classifier = await loadHuggingFaceCheckpoint(dir);
    const model = classifier.model;
    const weight = (layer: string, name: string) =>
      model
        .getLayer(layer)
        .weights.find((w) => w.originalName === `${layer}/${name}`)!
        .read();
    const source = (name: string) => tensors.get(name)!;
    const same = (actual: tf.Tensor, expected: tf.Tensor) =>
      expect(maxAbsDiff(actual.dataSync(), expected.dataSync())).toBe(0);
    const a = 'audio_spectrogram_transformer.';
    const fromHf = (name: string) => tf.tensor(source(name).data, source(name).shape);
    let used = 0;
    const check = (layer: string, ours: string, hf: string, transform: (t: tf.Tensor) => tf.Tensor = (t) => t) => {
      same(weight(layer, ours), transform(fromHf(hf)));
      used++;
    };
    const linearT = (t: tf.Tensor) => tf.transpose(t);
    check(AST_LAYER_NAMES.patchEmbedding, 'kernel', `${a}embeddings.patch_embeddings.projection.weight`, (t) =>
      tf.transpose(t, [2, 3, 1, 0]),
    );
    check(AST_LAYER_NAMES.patchEmbedding, 'bias', `${a}embeddings.patch_embeddings.projection.bias`);
    for (const n of ['cls_token', 'distillation_token', 'position_embeddings']) {
      check(AST_LAYER_NAMES.tokenEmbedding, n, `${a}embeddings.${n}`);
    }
    for (let l = 0; l < LAYERS; l++) {
      const layer = AST_LAYER_NAMES.encoderLayer(l);
      const b = `${a}encoder.layer.${l}.`;
      for (const n of ['query', 'key', 'value']) {
        check(layer, `${n}_kernel`, `${b}attention.attention.${n}.weight`, linearT);
        check(layer, `${n}_bias`, `${b}attention.attention.${n}.bias`);
      }
      check(layer, 'attention_output_kernel', `${b}attention.output.dense.weight`, linearT);
      check(layer, 'attention_output_bias', `${b}attention.output.dense.bias`);
      check(layer, 'intermediate_kernel', `${b}intermediate.dense.weight`, linearT);
      check(layer, 'intermediate_bias', `${b}intermediate.dense.bias`);
      check(layer, 'output_kernel', `${b}output.dense.weight`, linearT);
      check(layer, 'output_bias', `${b}output.dense.bias`);
      for (const n of ['before', 'after']) {
        check(layer, `layernorm_${n}_gamma`, `${b}layernorm_${n}.weight`);
        check(layer, `layernorm_${n}_beta`, `${b}layernorm_${n}.bias`);
      }
    }
    check(AST_LAYER_NAMES.pooler, 'gamma', `${a}layernorm.weight`);
    check(AST_LAYER_NAMES.pooler, 'beta', `${a}layernorm.bias`);
    check(AST_LAYER_NAMES.classifier, 'layernorm_gamma', 'classifier.layernorm.weight');
    check(AST_LAYER_NAMES.classifier, 'layernorm_beta', 'classifier.layernorm.bias');
    check(AST_LAYER_NAMES.classifier, 'dense_kernel', 'classifier.dense.weight', linearT);
    check(AST_LAYER_NAMES.classifier, 'dense_bias', 'classifier.dense.bias');
    expect(used).toBe(tensors.size);
    expect(model.weights.length).toBe(tensors.size);
    classifier.dispose();
  });

  it('computes the same forward pass as a straightforward reference implementation', () => {
    const classifier = importHuggingFaceCheckpoint(tinyConfig, bytes);
    const x = new Float32Array(T * F).map((_, i) => Math.sin(i * 0.37) * 2);
    const logits = classifier.model.predict(tf.tensor3d(x, [1, T, F])) as tf.Tensor;
    expect(maxAbsDiff(logits.dataSync(), referenceForward(tensors, x))).toBeLessThan(1e-4);
    logits.dispose();
    classifier.dispose();
  });

  it('builds a new head for new labels and interpolates positions for a new input size', () => {
    const classifier = importHuggingFaceCheckpoint(tinyConfig, bytes, {
      label2id: { none: 0, low: 1 },
      maxLength: 16,
      numMelBins: 10,
    });
    expect(classifier.labelNames).toEqual(['none', 'low']);
    expect(classifier.config).toMatchObject({ numLabels: 2, maxLength: 16, numMelBins: 10 });
    const y = classifier.model.predict(tf.zeros([2, 16, 10])) as tf.Tensor;
    expect(y.shape).toEqual([2, 2]);
    // grid: frequency (10 − 4)/2 + 1 = 4, time (16 − 4)/3 + 1 = 5
    const positions = classifier.model.getLayer(AST_LAYER_NAMES.tokenEmbedding).getWeights()[2]!;
    expect(positions.shape).toEqual([1, 2 + 4 * 5, H]);
    y.dispose();
    classifier.dispose();
  });

  it('interpolates bilinearly like PyTorch with align_corners=False', () => {
    // One channel, tokens [9, 9] then grid [[0, 1], [2, 3]] → 4 × 4.
    const out = interpolatePositionEmbeddings(new Float32Array([9, 9, 0, 1, 2, 3]), 1, [2, 2], [4, 4]);
    expect(Array.from(out)).toEqual([
      9, 9, 0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3,
    ]);
  });

  it('names a missing or misshapen tensor', () => {
    const missing = new Map(tensors);
    missing.delete('audio_spectrogram_transformer.encoder.layer.1.output.dense.bias');
    expect(() => importHuggingFaceCheckpoint(tinyConfig, encodeSafetensors(missing))).toThrow(
      /model.safetensors: audio_spectrogram_transformer.encoder.layer.1.output.dense.bias: expected a tensor of this name, found "missing"/,
    );
    const wrong = new Map(tensors);
    wrong.set('classifier.dense.bias', { shape: [4], data: new Float32Array(4) });
    expect(() => importHuggingFaceCheckpoint(tinyConfig, encodeSafetensors(wrong))).toThrow(CheckpointFormatError);
    expect(() => parseSafetensors(bytes.subarray(0, 20))).toThrow(/header length/);
  });
});

describe('fetchHuggingFaceCheckpoint', () => {
  it('downloads config.json and model.safetensors from a hub endpoint with the token', async () => {
    const seen: { url: string | undefined; authorization: string | undefined }[] = [];
    const server = createServer((request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      const file = request.url?.endsWith('config.json')
        ? 'config.json'
        : request.url?.endsWith('model.safetensors')
          ? 'model.safetensors'
          : '';
      if (file === '' || !request.url?.startsWith('/org/tiny/resolve/main/')) {
        response.statusCode = 404;
        response.end();
        return;
      }
      response.end(readFileSync(fixturePath('ast-hf-tiny', file)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const classifier = await fetchHuggingFaceCheckpoint('org/tiny', { endpoint, token: 'secret' });
      expect(classifier.labelNames).toEqual(['none', 'low', 'high']);
      expect(seen.map((s) => s.authorization)).toEqual(['Bearer secret', 'Bearer secret']);
      classifier.dispose();
      await expect(fetchHuggingFaceCheckpoint('org/missing', { endpoint })).rejects.toThrow(
        /org\/missing\/resolve\/main\/config.json: response: expected HTTP 200, found 404/,
      );
    } finally {
      server.close();
    }
  });
});
