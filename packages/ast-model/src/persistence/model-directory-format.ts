import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../backend/backend.js';
import { AstInputError, ModelDirectoryError } from '../errors.js';
import { parseFeatureSettings, type SensorFeatureSettings } from '../features/feature-settings.js';
import type { FeatureNormalization } from '../features/features.js';
import { AstClassifier, checkClassWeights } from '../inference/ast-classifier.js';
import { type AstConfig, astPatchGrid, validateAstConfig } from '../model/ast-config.js';
import { AST_LAYER_NAMES, memberLayerNames, registerAstLayers } from '../model/create-ast-model.js';
import { sha256Hex } from './sha256.js';

/** The model-directory format version this package writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** The files of a model directory. */
export const MODEL_FILES = {
  /** Model config, labels, feature settings, normalisation, format version. */
  config: 'config.json',
  /** TensorFlow.js layers-model topology and weights manifest. */
  model: 'model.json',
  /** Raw little-endian float32 weights. */
  weights: 'weights.bin',
  /** Evaluation metrics and training history (optional). */
  metrics: 'metrics.json',
} as const;

/** The content of a model directory's `config.json`. */
export interface ModelDirectoryConfig {
  /** Format version; see {@link MODEL_FORMAT_VERSION}. */
  formatVersion: number;
  /** Always `'audio-spectrogram-transformer'` (as HF `model_type`). */
  modelType: 'audio-spectrogram-transformer';
  /** A model identifier, e.g. `MAG_DIST_01`. */
  modelId?: string;
  /** The architecture. */
  modelConfig: AstConfig;
  /** `label → id`. */
  label2id: Record<string, number>;
  /** `id → label` (string keys). */
  id2label: Record<string, string>;
  /** Input standardisation applied before the model, if any. */
  normalization?: FeatureNormalization;
  /**
   * The feature settings the model was trained on, checked on load (`parseFeatureSettings`); absent or partial in
   * models saved before they were typed, which load with `LEGACY_FEATURE_SETTINGS` for the missing fields.
   */
  featureSettings?: SensorFeatureSettings;
  /**
   * The per-class loss weights the model was trained with (see `AstClassifierInit.classWeights`); absent for equal
   * weights and in models saved before they were recorded, whose probabilities are the softmax as it is.
   */
  classWeights?: number[];
  /** The package version that wrote the directory. */
  generatedBy: string;
  /**
   * The SHA-256 (lowercase hex) of the other files the model needs, by file name: `model.json` (its bytes as
   * written, `JSON.stringify(modelJson)`) and `weights.bin`. Checked on load. Absent in directories written
   * before checksums were recorded; those load with a warning (see {@link LoadModelOptions.onWarning}).
   */
  sha256?: Partial<Record<typeof MODEL_FILES.model | typeof MODEL_FILES.weights, string>>;
}

/** Options of model loading ({@link classifierFromArtifacts}, {@link loadClassifierFromUrl}, `loadModelDirectory`). */
export interface LoadModelOptions {
  /**
   * Receives warnings that do not stop the load: a `config.json` without checksums (a model saved by an older
   * version), whose files therefore cannot be verified. Defaults to `console.warn`.
   */
  onWarning?: (message: string) => void;
}

/** The artifacts of a saved classifier, as bytes and JSON, before they are written anywhere. */
export interface ModelDirectoryArtifacts {
  /** `config.json` content. */
  config: ModelDirectoryConfig;
  /** `model.json` content (TensorFlow.js layers-model format). */
  modelJson: Record<string, unknown>;
  /** `weights.bin` content. */
  weights: Uint8Array;
}

declare const __PACKAGE_VERSION__: string;
const packageVersion = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source';

/**
 * Serialises a classifier into the three model-directory artifacts (no I/O). `config.sha256` holds the
 * checksums of `weights` and of `JSON.stringify(modelJson)`, so write `model.json` as exactly that string.
 */
export async function classifierToArtifacts(
  classifier: AstClassifier,
  { modelId }: { modelId?: string } = {},
): Promise<ModelDirectoryArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await classifier.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = saved!;
  const weightData = artifacts.weightData;
  const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
  const weights = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    weights.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs }],
  };
  const encoder = new TextEncoder();
  const config: ModelDirectoryConfig = {
    formatVersion: MODEL_FORMAT_VERSION,
    modelType: 'audio-spectrogram-transformer',
    ...(modelId === undefined ? {} : { modelId }),
    modelConfig: classifier.config,
    label2id: classifier.label2id,
    id2label: classifier.id2label,
    ...(classifier.normalization === undefined ? {} : { normalization: classifier.normalization }),
    featureSettings: classifier.featureSettings,
    ...(classifier.classWeights === undefined ? {} : { classWeights: [...classifier.classWeights] }),
    generatedBy: `@tsc/ast-model ${packageVersion}`,
    sha256: {
      [MODEL_FILES.model]: await sha256Hex(encoder.encode(JSON.stringify(modelJson)), '<memory>'),
      [MODEL_FILES.weights]: await sha256Hex(weights, '<memory>'),
    },
  };
  return { config, modelJson, weights };
}

/** The weight shapes, by saved name, that a model built from `config` has (every member's, for an ensemble). */
export function expectedWeightShapes(config: AstConfig): Map<string, number[]> {
  return new Map(memberLayerNames(config).flatMap((named) => [...memberWeightShapes(config, named)]));
}

/** The weight shapes of one AST whose layer `name` is saved as `named(name)`. */
function memberWeightShapes(config: AstConfig, named: (name: string) => string): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const h = config.hiddenSize;
  const p = config.patchSize;
  const [f, t] = astPatchGrid(config);
  shapes.set(`${named(AST_LAYER_NAMES.patchEmbedding)}/kernel`, [p, config.timePatchSize ?? p, 1, h]);
  shapes.set(`${named(AST_LAYER_NAMES.patchEmbedding)}/bias`, [h]);
  for (const name of ['cls_token', 'distillation_token'])
    shapes.set(`${named(AST_LAYER_NAMES.tokenEmbedding)}/${name}`, [1, 1, h]);
  shapes.set(`${named(AST_LAYER_NAMES.tokenEmbedding)}/position_embeddings`, [1, f * t + 2, h]);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const layer = named(AST_LAYER_NAMES.encoderLayer(i));
    for (const norm of ['layernorm_before', 'layernorm_after']) {
      shapes.set(`${layer}/${norm}_gamma`, [h]);
      shapes.set(`${layer}/${norm}_beta`, [h]);
    }
    for (const name of ['query', 'key', 'value']) {
      shapes.set(`${layer}/${name}_kernel`, [h, h]);
      if (config.qkvBias) shapes.set(`${layer}/${name}_bias`, [h]);
    }
    shapes.set(`${layer}/attention_output_kernel`, [h, h]);
    shapes.set(`${layer}/attention_output_bias`, [h]);
    shapes.set(`${layer}/intermediate_kernel`, [h, config.intermediateSize]);
    shapes.set(`${layer}/intermediate_bias`, [config.intermediateSize]);
    shapes.set(`${layer}/output_kernel`, [config.intermediateSize, h]);
    shapes.set(`${layer}/output_bias`, [h]);
  }
  shapes.set(`${named(AST_LAYER_NAMES.pooler)}/gamma`, [h]);
  shapes.set(`${named(AST_LAYER_NAMES.pooler)}/beta`, [h]);
  shapes.set(`${named(AST_LAYER_NAMES.classifier)}/layernorm_gamma`, [h]);
  shapes.set(`${named(AST_LAYER_NAMES.classifier)}/layernorm_beta`, [h]);
  shapes.set(`${named(AST_LAYER_NAMES.classifier)}/dense_kernel`, [h, config.numLabels]);
  shapes.set(`${named(AST_LAYER_NAMES.classifier)}/dense_bias`, [config.numLabels]);
  return shapes;
}

function parseJson(text: string, source: string, file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ModelDirectoryError(source, file, 'a JSON object', (error as Error).message, { cause: error });
  }
}

/**
 * Compares the recorded SHA-256 of `model.json` and `weights.bin` with their bytes; a config without checksums
 * (an older model) is accepted with a warning.
 */
async function verifyChecksums(
  config: ModelDirectoryConfig,
  files: Record<typeof MODEL_FILES.model | typeof MODEL_FILES.weights, Uint8Array>,
  source: string,
  onWarning: (message: string) => void,
): Promise<void> {
  if (config.sha256 === undefined) {
    onWarning(
      `${source}: ${MODEL_FILES.config} records no sha256 checksums (saved by an older @tsc/ast-model); ${MODEL_FILES.model} and ${MODEL_FILES.weights} are not verified`,
    );
    return;
  }
  for (const file of [MODEL_FILES.model, MODEL_FILES.weights] as const) {
    const expected = config.sha256[file];
    if (typeof expected !== 'string' || !/^[0-9a-f]{64}$/.test(expected)) {
      throw new ModelDirectoryError(
        source,
        `${MODEL_FILES.config} sha256["${file}"]`,
        'a SHA-256 as 64 hex digits',
        expected,
      );
    }
    const found = await sha256Hex(files[file], source);
    if (found !== expected) {
      throw new ModelDirectoryError(
        source,
        file,
        `SHA-256 ${expected} (recorded in ${MODEL_FILES.config}); the file is corrupt or was replaced`,
        found,
      );
    }
  }
}

/** Throws when a weight is NaN or infinite, naming the weight and its byte offset in `weights.bin`. */
function checkFiniteWeights(weightData: ArrayBuffer, weightSpecs: tf.io.WeightsManifestEntry[], source: string): void {
  const values = new Float32Array(weightData);
  let start = 0;
  for (const spec of weightSpecs) {
    const end = start + spec.shape.reduce((a, b) => a * b, 1);
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(values[i]!)) {
        throw new ModelDirectoryError(
          source,
          `${MODEL_FILES.weights} weight ${spec.name} at byte ${4 * i}`,
          'a finite float32',
          String(values[i]),
        );
      }
    }
    start = end;
  }
}

/** What `config.json` holds once checked: the architecture, the labels and the feature settings. */
interface CheckedConfig {
  readonly config: ModelDirectoryConfig;
  readonly labelNames: string[];
  readonly featureSettings: SensorFeatureSettings;
}

/**
 * Parses and checks `config.json`: the format version, the architecture, a label for every class id and the feature
 * settings (models saved before a field existed get `LEGACY_FEATURE_SETTINGS`' value for it).
 */
function checkConfig(configText: string, source: string): CheckedConfig {
  const config = parseJson(configText, source, MODEL_FILES.config) as unknown as ModelDirectoryConfig;
  if (config.formatVersion !== MODEL_FORMAT_VERSION) {
    const field = `${MODEL_FILES.config} formatVersion`;
    throw new ModelDirectoryError(source, field, String(MODEL_FORMAT_VERSION), config.formatVersion);
  }
  const modelConfig = config.modelConfig;
  try {
    validateAstConfig(modelConfig);
  } catch (error) {
    const message = (error as Error).message;
    throw new ModelDirectoryError(source, `${MODEL_FILES.config} modelConfig`, 'a valid AST config', message, {
      cause: error,
    });
  }
  const labelNames = Array.from({ length: modelConfig.numLabels }, (_, i) => config.id2label?.[String(i)]);
  if (labelNames.some((name) => typeof name !== 'string')) {
    const expected = `labels for ids 0 … ${modelConfig.numLabels - 1}`;
    throw new ModelDirectoryError(source, `${MODEL_FILES.config} id2label`, expected, config.id2label);
  }
  try {
    if (config.classWeights !== undefined) checkClassWeights(config.classWeights, modelConfig.numLabels);
    return {
      config,
      labelNames: labelNames as string[],
      featureSettings: parseFeatureSettings(config.featureSettings),
    };
  } catch (error) {
    if (!(error instanceof AstInputError)) throw error;
    throw new ModelDirectoryError(source, `${MODEL_FILES.config} ${error.field}`, error.expected, error.found, {
      cause: error,
    });
  }
}

/** The weight specs of `model.json`, each checked against the shapes the configured architecture needs. */
function checkWeightSpecs(modelJson: Record<string, unknown>, modelConfig: AstConfig, source: string) {
  const manifest = modelJson.weightsManifest as { weights: tf.io.WeightsManifestEntry[] }[] | undefined;
  if (!Array.isArray(manifest) || modelJson.modelTopology === undefined) {
    throw new ModelDirectoryError(
      source,
      MODEL_FILES.model,
      'modelTopology and weightsManifest',
      Object.keys(modelJson),
    );
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const expected = expectedWeightShapes(modelConfig);
  for (const spec of weightSpecs) {
    const field = `${MODEL_FILES.model} weight ${spec.name}`;
    const shape = expected.get(spec.name);
    if (shape === undefined)
      throw new ModelDirectoryError(source, field, 'a weight of the configured model', 'unknown');
    if (shape.length !== spec.shape.length || shape.some((n, i) => n !== spec.shape[i])) {
      throw new ModelDirectoryError(source, field, `shape [${shape.join(', ')}]`, spec.shape);
    }
    if (spec.dtype !== 'float32') throw new ModelDirectoryError(source, field, 'dtype float32', spec.dtype);
  }
  if (weightSpecs.length !== expected.size) {
    const field = `${MODEL_FILES.model} weightsManifest`;
    throw new ModelDirectoryError(source, field, `${expected.size} weights`, weightSpecs.length);
  }
  return weightSpecs;
}

/** The layers model from its topology and checked weights. */
async function loadLayersModel(
  modelJson: Record<string, unknown>,
  weightSpecs: tf.io.WeightsManifestEntry[],
  weightData: ArrayBuffer,
  source: string,
): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs,
        weightData,
      }),
    );
  } catch (error) {
    throw new ModelDirectoryError(source, MODEL_FILES.model, 'a loadable AST layers model', (error as Error).message, {
      cause: error,
    });
  }
}

/**
 * Rebuilds a classifier from the artifacts of a model directory, checking the format version, the labels, the
 * feature settings, the weight shapes against the config, the weights byte length, the SHA-256 checksums recorded
 * in `config.json` and that every weight is finite.
 *
 * @param source - The directory or URL, for error messages.
 * @throws {@link ModelDirectoryError} naming the file and field on any mismatch.
 */
export async function classifierFromArtifacts(
  configText: string,
  modelText: string,
  weights: Uint8Array,
  source: string,
  { onWarning = (message) => console.warn(message) }: LoadModelOptions = {},
): Promise<AstClassifier> {
  await ensureBackend();
  registerAstLayers();
  const { config, labelNames, featureSettings } = checkConfig(configText, source);
  const modelJson = parseJson(modelText, source, MODEL_FILES.model);
  const weightSpecs = checkWeightSpecs(modelJson, config.modelConfig, source);
  const bytes = weightSpecs.reduce((n, spec) => n + 4 * spec.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.byteLength !== bytes) {
    throw new ModelDirectoryError(source, MODEL_FILES.weights, `${bytes} bytes`, weights.byteLength);
  }
  const files = { [MODEL_FILES.model]: new TextEncoder().encode(modelText), [MODEL_FILES.weights]: weights };
  await verifyChecksums(config, files, source, onWarning);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  checkFiniteWeights(weightData, weightSpecs, source);
  return new AstClassifier({
    model: await loadLayersModel(modelJson, weightSpecs, weightData, source),
    config: config.modelConfig,
    labelNames,
    ...(config.normalization === undefined ? {} : { normalization: config.normalization }),
    featureSettings,
    ...(config.classWeights === undefined ? {} : { classWeights: config.classWeights }),
  });
}

/** Options of {@link loadClassifierFromUrl}. */
export interface LoadFromUrlOptions extends LoadModelOptions {
  /** The fetch implementation. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Extra request options (headers, credentials). Defaults to none. */
  requestInit?: RequestInit;
}

/**
 * Loads a classifier from a model directory served over HTTP(S) (`<url>/config.json`, `model.json`, `weights.bin`),
 * e.g. in a browser. Also available as `AstClassifier.load(url)`.
 */
export async function loadClassifierFromUrl(
  url: string,
  { fetch: fetchImplementation = globalThis.fetch, requestInit, ...loadOptions }: LoadFromUrlOptions = {},
): Promise<AstClassifier> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const get = async (file: string) => {
    let response: Response;
    try {
      response = await fetchImplementation(base + file, requestInit);
    } catch (error) {
      throw new ModelDirectoryError(base, file, 'a reachable URL', (error as Error).message, { cause: error });
    }
    if (!response.ok) throw new ModelDirectoryError(base, file, 'HTTP 200', response.status);
    return response;
  };
  const [config, model, weights] = await Promise.all([
    get(MODEL_FILES.config).then((r) => r.text()),
    get(MODEL_FILES.model).then((r) => r.text()),
    get(MODEL_FILES.weights).then((r) => r.arrayBuffer()),
  ]);
  return classifierFromArtifacts(config, model, new Uint8Array(weights), base, loadOptions);
}
