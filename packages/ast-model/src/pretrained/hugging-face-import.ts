import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../backend/backend.js';
import { AstConfigError, CheckpointFormatError } from '../errors.js';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { AstClassifier } from '../inference/ast-classifier.js';
import { type AstConfig, astConfigFromHuggingFace, astPatchGrid, validateAstConfig } from '../model/ast-config.js';
import { AST_LAYER_NAMES, createAstModel } from '../model/create-ast-model.js';
import { parseSafetensors, type SafetensorsTensor } from './safetensors.js';

/** Options of {@link importHuggingFaceCheckpoint} and `loadHuggingFaceCheckpoint`. */
export interface HuggingFaceImportOptions {
  /**
   * New labels: `label → id` (ids 0 … n−1). When the count differs from the checkpoint's head, or `numLabels` is set
   * and differs, a new head is initialised (the head's LayerNorm is kept). Defaults to the checkpoint's `id2label`.
   */
  label2id?: Record<string, number>;
  /** Number of classes of a new head (labels `'0'` … `'n−1'` unless `label2id` is given). Defaults to the checkpoint's. */
  numLabels?: number;
  /** Input length in frames; position embeddings are bilinearly interpolated when the patch grid changes. Defaults to the checkpoint's. */
  maxLength?: number;
  /** Input bins; position embeddings are interpolated when the patch grid changes. Defaults to the checkpoint's. */
  numMelBins?: number;
  /** Seed of a new head's initialiser. Defaults to 0. */
  seed?: number;
  /** Feature settings stored with the classifier. Defaults to `LEGACY_FEATURE_SETTINGS`. */
  featureSettings?: SensorFeatureSettings;
  /** The name used in errors. Defaults to `'model.safetensors'`. */
  file?: string;
}

const prefix = 'audio_spectrogram_transformer.';

function take(tensors: Map<string, SafetensorsTensor>, name: string, shape: number[], file: string): SafetensorsTensor {
  const tensor = tensors.get(name);
  if (tensor === undefined) throw new CheckpointFormatError(file, name, 'a tensor of this name', 'missing');
  if (tensor.shape.length !== shape.length || tensor.shape.some((n, i) => n !== shape[i])) {
    throw new CheckpointFormatError(file, name, `shape [${shape.join(', ')}]`, tensor.shape);
  }
  return tensor;
}

/** A HF Linear weight `[out, in]` as a kernel `[in, out]`. */
function linearKernel(tensor: SafetensorsTensor): tf.Tensor {
  return tf.tidy(() => tf.transpose(tf.tensor2d(tensor.data, tensor.shape as [number, number])));
}

function vector(tensor: SafetensorsTensor): tf.Tensor {
  return tf.tensor1d(tensor.data);
}

function assign(model: tf.LayersModel, layerName: string, values: Record<string, tf.Tensor>): void {
  const layer = model.getLayer(layerName);
  const ordered = layer.weights.map((weight) => {
    const short = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
    const value = values[short];
    if (value === undefined) throw new Error(`no value for ${layerName}/${short}`);
    return value;
  });
  layer.setWeights(ordered);
  for (const value of Object.values(values)) value.dispose();
}

/**
 * Bilinear interpolation of the patch part of HF position embeddings `[1, 2 + f₀·t₀, H]` to a new `f × t` grid
 * (PyTorch `align_corners=False` semantics); the CLS/DIST rows are kept.
 */
export function interpolatePositionEmbeddings(
  positions: Float32Array,
  hidden: number,
  from: readonly [number, number],
  to: readonly [number, number],
): Float32Array {
  return tf.tidy(() => {
    const tokens = tf.tensor2d(positions.subarray(0, 2 * hidden), [2, hidden]);
    const grid = tf.tensor4d(positions.subarray(2 * hidden), [1, from[0], from[1], hidden]);
    const resized = tf.image.resizeBilinear(grid, [to[0], to[1]], false, true).reshape([to[0] * to[1], hidden]);
    return tf.concat([tokens, resized], 0).dataSync() as Float32Array;
  });
}

/** Reads a named tensor of the checkpoint, checking its shape. */
type TensorReader = (name: string, shape: number[]) => SafetensorsTensor;

/** The class names: from `label2id` when given (a new head), else the checkpoint's `id2label`. */
function importedLabelNames(
  configJson: Record<string, unknown>,
  source: AstConfig,
  { label2id, numLabels }: Pick<HuggingFaceImportOptions, 'label2id' | 'numLabels'>,
): string[] {
  const id2label = configJson.id2label as Record<string, string> | undefined;
  if (label2id !== undefined) {
    const entries = Object.entries(label2id).sort((a, b) => a[1] - b[1]);
    entries.forEach(([, id], index) => {
      if (id !== index) throw new AstConfigError('label2id', 'ids 0 … n−1', label2id);
    });
    if (numLabels !== undefined && numLabels !== entries.length) {
      throw new AstConfigError('numLabels', `${entries.length} (the size of label2id)`, numLabels);
    }
    return entries.map(([name]) => name);
  }
  if (numLabels !== undefined && numLabels !== source.numLabels) {
    return Array.from({ length: numLabels }, (_, i) => String(i));
  }
  return Array.from({ length: source.numLabels }, (_, i) => id2label?.[String(i)] ?? String(i));
}

/** The patch projection and the token and position embeddings (interpolated when the patch grid changes). */
function assignEmbeddings(model: tf.LayersModel, get: TensorReader, source: AstConfig, config: AstConfig): void {
  const hidden = config.hiddenSize;
  const p = config.patchSize;
  const projection = get(`${prefix}embeddings.patch_embeddings.projection.weight`, [hidden, 1, p, p]);
  assign(model, AST_LAYER_NAMES.patchEmbedding, {
    kernel: tf.tidy(() => tf.transpose(tf.tensor4d(projection.data, [hidden, 1, p, p]), [2, 3, 1, 0])),
    bias: vector(get(`${prefix}embeddings.patch_embeddings.projection.bias`, [hidden])),
  });
  const fromGrid = astPatchGrid(source);
  const toGrid = astPatchGrid(config);
  const positions = get(`${prefix}embeddings.position_embeddings`, [1, 2 + fromGrid[0] * fromGrid[1], hidden]);
  const positionData =
    fromGrid[0] === toGrid[0] && fromGrid[1] === toGrid[1]
      ? positions.data
      : interpolatePositionEmbeddings(positions.data, hidden, fromGrid, toGrid);
  const token = (name: string) => tf.tensor3d(get(`${prefix}embeddings.${name}`, [1, 1, hidden]).data, [1, 1, hidden]);
  assign(model, AST_LAYER_NAMES.tokenEmbedding, {
    cls_token: token('cls_token'),
    distillation_token: token('distillation_token'),
    position_embeddings: tf.tensor3d(positionData, [1, 2 + toGrid[0] * toGrid[1], hidden]),
  });
}

/** The weights of encoder layer `i`: layer norms, attention and the feed-forward block. */
function assignEncoderLayer(model: tf.LayersModel, get: TensorReader, config: AstConfig, i: number): void {
  const hidden = config.hiddenSize;
  const inner = config.intermediateSize;
  const base = `${prefix}encoder.layer.${i}.`;
  const values: Record<string, tf.Tensor> = {
    layernorm_before_gamma: vector(get(`${base}layernorm_before.weight`, [hidden])),
    layernorm_before_beta: vector(get(`${base}layernorm_before.bias`, [hidden])),
    layernorm_after_gamma: vector(get(`${base}layernorm_after.weight`, [hidden])),
    layernorm_after_beta: vector(get(`${base}layernorm_after.bias`, [hidden])),
    attention_output_kernel: linearKernel(get(`${base}attention.output.dense.weight`, [hidden, hidden])),
    attention_output_bias: vector(get(`${base}attention.output.dense.bias`, [hidden])),
    intermediate_kernel: linearKernel(get(`${base}intermediate.dense.weight`, [inner, hidden])),
    intermediate_bias: vector(get(`${base}intermediate.dense.bias`, [inner])),
    output_kernel: linearKernel(get(`${base}output.dense.weight`, [hidden, inner])),
    output_bias: vector(get(`${base}output.dense.bias`, [hidden])),
  };
  for (const name of ['query', 'key', 'value']) {
    values[`${name}_kernel`] = linearKernel(get(`${base}attention.attention.${name}.weight`, [hidden, hidden]));
    if (config.qkvBias) values[`${name}_bias`] = vector(get(`${base}attention.attention.${name}.bias`, [hidden]));
  }
  assign(model, AST_LAYER_NAMES.encoderLayer(i), values);
}

/** The final layer norm and the classification head (kept as initialised when the classes change). */
function assignHead(model: tf.LayersModel, get: TensorReader, config: AstConfig, newHead: boolean): void {
  const hidden = config.hiddenSize;
  assign(model, AST_LAYER_NAMES.pooler, {
    gamma: vector(get(`${prefix}layernorm.weight`, [hidden])),
    beta: vector(get(`${prefix}layernorm.bias`, [hidden])),
  });
  const current = model.getLayer(AST_LAYER_NAMES.classifier).getWeights();
  assign(model, AST_LAYER_NAMES.classifier, {
    layernorm_gamma: vector(get('classifier.layernorm.weight', [hidden])),
    layernorm_beta: vector(get('classifier.layernorm.bias', [hidden])),
    dense_kernel: newHead
      ? current[2]!.clone()
      : linearKernel(get('classifier.dense.weight', [config.numLabels, hidden])),
    dense_bias: newHead ? current[3]!.clone() : vector(get('classifier.dense.bias', [config.numLabels])),
  });
}

/**
 * Builds an {@link AstClassifier} from a HuggingFace `ASTForAudioClassification` checkpoint held in memory: the
 * parsed `config.json` and the `model.safetensors` bytes. Tensors are matched by HF parameter names
 * (`audio_spectrogram_transformer.embeddings.cls_token`, `...encoder.layer.N.attention.attention.query.weight`,
 * `classifier.dense.weight`, ...). Pure: runs in browsers too (fetch the two files yourself).
 *
 * @throws {@link CheckpointFormatError} when a tensor is missing or has the wrong shape.
 */
export function importHuggingFaceCheckpoint(
  configJson: Record<string, unknown>,
  safetensors: Uint8Array | Map<string, SafetensorsTensor>,
  {
    label2id,
    numLabels,
    maxLength,
    numMelBins,
    seed = 0,
    featureSettings,
    file = 'model.safetensors',
  }: HuggingFaceImportOptions = {},
): AstClassifier {
  const tensors = safetensors instanceof Map ? safetensors : parseSafetensors(safetensors, file);
  const source = astConfigFromHuggingFace(configJson);
  const labelNames = importedLabelNames(configJson, source, { label2id, numLabels });
  const config: AstConfig = {
    ...source,
    numLabels: labelNames.length,
    maxLength: maxLength ?? source.maxLength,
    numMelBins: numMelBins ?? source.numMelBins,
  };
  validateAstConfig(config);
  if (config.timePatchSize !== undefined && config.timePatchSize !== config.patchSize) {
    const expected = `patchSize ${config.patchSize} (HF patches are square)`;
    throw new AstConfigError('timePatchSize', expected, config.timePatchSize);
  }
  const model = createAstModel(config, { seed });
  const get = (name: string, shape: number[]) => take(tensors, name, shape, file);
  try {
    assignEmbeddings(model, get, source, config);
    for (let i = 0; i < config.numHiddenLayers; i++) assignEncoderLayer(model, get, config, i);
    assignHead(model, get, config, config.numLabels !== source.numLabels);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return new AstClassifier({
    model,
    config,
    labelNames,
    ...(featureSettings === undefined ? {} : { featureSettings }),
  });
}

/** Options of {@link fetchHuggingFaceCheckpoint}. */
export interface FetchHuggingFaceOptions extends Omit<HuggingFaceImportOptions, 'file'> {
  /** Access token (sent as `Authorization: Bearer …`). Defaults to the `HF_TOKEN` environment variable, if any. */
  token?: string;
  /** Branch, tag or commit. Defaults to `'main'`. */
  revision?: string;
  /** Hub base URL. Defaults to `'https://huggingface.co'`. */
  endpoint?: string;
  /** The fetch implementation. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Downloads `config.json` and `model.safetensors` of a HuggingFace AST model (e.g.
 * `MIT/ast-finetuned-audioset-10-10-0.4593`) and imports it with {@link importHuggingFaceCheckpoint}. Needs network
 * access to the hub.
 *
 * @throws {@link CheckpointFormatError} when a file cannot be fetched (naming the URL and HTTP status).
 */
export async function fetchHuggingFaceCheckpoint(
  repoId: string,
  {
    token = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.HF_TOKEN,
    revision = 'main',
    endpoint = 'https://huggingface.co',
    fetch: fetchImplementation = globalThis.fetch,
    ...options
  }: FetchHuggingFaceOptions = {},
): Promise<AstClassifier> {
  await ensureBackend();
  const headers: Record<string, string> =
    token === undefined || token === '' ? {} : { authorization: `Bearer ${token}` };
  const get = async (file: string): Promise<Response> => {
    const url = `${endpoint}/${repoId}/resolve/${encodeURIComponent(revision)}/${file}`;
    let response: Response;
    try {
      response = await fetchImplementation(url, { headers });
    } catch (error) {
      throw new CheckpointFormatError(url, 'request', 'a reachable URL', (error as Error).message);
    }
    if (!response.ok) throw new CheckpointFormatError(url, 'response', 'HTTP 200', response.status);
    return response;
  };
  const configJson = (await (await get('config.json')).json()) as Record<string, unknown>;
  const bytes = new Uint8Array(await (await get('model.safetensors')).arrayBuffer());
  return importHuggingFaceCheckpoint(configJson, bytes, { ...options, file: `${repoId}/model.safetensors` });
}
