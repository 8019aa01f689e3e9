import { AstConfigError } from '../errors.js';

/** The activation of the encoder MLP: `gelu` is the exact erf form (HF default), `gelu_new` the tanh form. */
export type AstActivation = 'gelu' | 'gelu_new' | 'relu';

/**
 * The architecture of an Audio Spectrogram Transformer: HuggingFace `ASTConfig` field names in camelCase, plus the
 * label count. Input features are `[batch, maxLength (time frames), numMelBins]`.
 */
export interface AstConfig {
  /** Width of every token (d_model). HF default 768. */
  hiddenSize: number;
  /** Number of encoder blocks. HF default 12. */
  numHiddenLayers: number;
  /** Attention heads per block; must divide `hiddenSize`. HF default 12. */
  numAttentionHeads: number;
  /** Width of the MLP inside each block. HF default 3072. */
  intermediateSize: number;
  /** Activation of the MLP. HF default `gelu` (exact erf). */
  hiddenAct: AstActivation;
  /** Dropout after the embeddings, the attention output and the MLP. HF default 0. */
  hiddenDropoutProb: number;
  /** Dropout on the attention probabilities. HF default 0. */
  attentionProbsDropoutProb: number;
  /** Standard deviation of the truncated-normal initialisers. HF default 0.02. */
  initializerRange: number;
  /** Epsilon of every LayerNorm. HF default 1e-12. */
  layerNormEps: number;
  /** Patch size along frequency (bins), and along time unless `timePatchSize` is set. HF default 16. */
  patchSize: number;
  /**
   * Patch size along time (frames), an extension of HF's square patches (absent from HF `ASTConfig`). Defaults to
   * `patchSize`.
   */
  timePatchSize?: number;
  /** Whether the query/key/value projections have a bias. HF default true. */
  qkvBias: boolean;
  /** Patch stride along the frequency (bin) axis. HF default 10. */
  frequencyStride: number;
  /** Patch stride along the time (frame) axis. HF default 10. */
  timeStride: number;
  /** Input length in time frames. HF default 1024. */
  maxLength: number;
  /** Input frequency bins per frame. HF default 128. */
  numMelBins: number;
  /** Number of output classes. */
  numLabels: number;
  /**
   * Copies of the AST side by side in one model, each with its own weights (trained independently, e.g. from
   * different seeds: `ensembleClassifier`), whose class probabilities the model averages: an extension absent from
   * HF `ASTConfig`. Defaults to 1 (one AST; its layers keep their plain names).
   */
  ensembleSize?: number;
}

/** The name of a built-in preset. */
export type AstPresetName = 'sensor' | 'tiny' | 'small' | 'base';

const hfDefaults: AstConfig = {
  hiddenSize: 768,
  numHiddenLayers: 12,
  numAttentionHeads: 12,
  intermediateSize: 3072,
  hiddenAct: 'gelu',
  hiddenDropoutProb: 0,
  attentionProbsDropoutProb: 0,
  initializerRange: 0.02,
  layerNormEps: 1e-12,
  patchSize: 16,
  qkvBias: true,
  frequencyStride: 10,
  timeStride: 10,
  maxLength: 1024,
  numMelBins: 128,
  numLabels: 527,
};

/**
 * Built-in configurations. `tiny`, `small` and `base` are the DeiT sizes AST uses (192/3, 384/6, 768/12 with 12
 * layers, HF input 1024 × 128, stride 10). `sensor` (the default) is CPU-sized for sensor spectrograms: hidden 64,
 * 2 layers, 4 heads, MLP 128, non-overlapping patches of one channel's 32 bins × 10 frames, 3 labels. The trainer
 * takes `maxLength` and `numMelBins` from the data, so any window length works, and `trainDistortionModel` narrows
 * the patches to one channel's bins when a channel has fewer than 32. With `DEFAULT_SENSOR_FEATURE_SETTINGS` (2 s at
 * 100 Hz, relative norm + stable dip + gyro consistency + deviation bound, one bin per channel: `[18 frames, 4
 * channels × 1 bin]`) that is one patch per channel on the window's first 10 frames (its first 1.36 s; windows start
 * every second, so every instant is seen).
 */
export const AST_PRESETS: Readonly<Record<AstPresetName, Readonly<AstConfig>>> = {
  sensor: {
    ...hfDefaults,
    hiddenSize: 64,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    intermediateSize: 128,
    layerNormEps: 1e-6,
    patchSize: 32,
    timePatchSize: 10,
    frequencyStride: 32,
    timeStride: 10,
    maxLength: 30,
    numMelBins: 160,
    numLabels: 3,
  },
  tiny: { ...hfDefaults, hiddenSize: 192, numAttentionHeads: 3, intermediateSize: 768 },
  small: { ...hfDefaults, hiddenSize: 384, numAttentionHeads: 6, intermediateSize: 1536 },
  base: { ...hfDefaults },
};

/** Options of {@link astConfig}: a preset name and field overrides. */
export interface AstConfigOptions extends Partial<AstConfig> {
  /** The preset to start from. Defaults to `'sensor'`. */
  preset?: AstPresetName;
}

/**
 * A complete, validated {@link AstConfig} from a preset plus overrides.
 *
 * @example
 * ```ts
 * import { astConfig } from '@tsc/ast-model';
 *
 * const config = astConfig({ preset: 'tiny', maxLength: 128, numMelBins: 64, numLabels: 3 });
 * console.log(config.hiddenSize); // 192
 * ```
 */
export function astConfig({ preset = 'sensor', ...overrides }: AstConfigOptions = {}): AstConfig {
  const base = AST_PRESETS[preset];
  if (base === undefined) throw new AstConfigError('preset', Object.keys(AST_PRESETS).join(' | '), preset);
  const config = { ...base, ...overrides } as AstConfig;
  validateAstConfig(config);
  return config;
}

/**
 * Throws {@link AstConfigError} naming `field` unless `value` is a positive integer.
 * @internal
 */
export function checkPositiveInteger(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new AstConfigError(field, 'a positive integer', value);
  }
}

/** Throws {@link AstConfigError} when a config is inconsistent (e.g. heads not dividing the width, input smaller than a patch). */
export function validateAstConfig(config: AstConfig): void {
  for (const field of [
    'hiddenSize',
    'numHiddenLayers',
    'numAttentionHeads',
    'intermediateSize',
    'patchSize',
    'frequencyStride',
    'timeStride',
    'maxLength',
    'numMelBins',
    'numLabels',
  ] as const) {
    checkPositiveInteger(field, config[field]);
  }
  if (config.hiddenSize % config.numAttentionHeads !== 0) {
    throw new AstConfigError(
      'numAttentionHeads',
      `a divisor of hiddenSize ${config.hiddenSize}`,
      config.numAttentionHeads,
    );
  }
  if (config.numMelBins < config.patchSize) {
    throw new AstConfigError('numMelBins', `at least patchSize ${config.patchSize}`, config.numMelBins);
  }
  const timePatch = config.timePatchSize ?? config.patchSize;
  checkPositiveInteger('timePatchSize', timePatch);
  if (config.maxLength < timePatch) {
    throw new AstConfigError('maxLength', `at least the time patch size ${timePatch}`, config.maxLength);
  }
  if (!['gelu', 'gelu_new', 'relu'].includes(config.hiddenAct)) {
    throw new AstConfigError('hiddenAct', "'gelu' | 'gelu_new' | 'relu'", config.hiddenAct);
  }
  for (const field of ['hiddenDropoutProb', 'attentionProbsDropoutProb'] as const) {
    const value = config[field];
    if (typeof value !== 'number' || !(value >= 0 && value < 1))
      throw new AstConfigError(field, 'a number in [0, 1)', value);
  }
  if (!(config.layerNormEps > 0)) throw new AstConfigError('layerNormEps', 'a positive number', config.layerNormEps);
  checkPositiveInteger('ensembleSize', config.ensembleSize ?? 1);
}

/** The patch grid `[frequencyPatches, timePatches]` of a config, as HF `get_shape`. */
export function astPatchGrid(
  config: Pick<
    AstConfig,
    'patchSize' | 'timePatchSize' | 'frequencyStride' | 'timeStride' | 'maxLength' | 'numMelBins'
  >,
): [number, number] {
  return [
    Math.floor((config.numMelBins - config.patchSize) / config.frequencyStride) + 1,
    Math.floor((config.maxLength - (config.timePatchSize ?? config.patchSize)) / config.timeStride) + 1,
  ];
}

const hfFieldNames: Record<string, keyof AstConfig> = {
  hidden_size: 'hiddenSize',
  num_hidden_layers: 'numHiddenLayers',
  num_attention_heads: 'numAttentionHeads',
  intermediate_size: 'intermediateSize',
  hidden_act: 'hiddenAct',
  hidden_dropout_prob: 'hiddenDropoutProb',
  attention_probs_dropout_prob: 'attentionProbsDropoutProb',
  initializer_range: 'initializerRange',
  layer_norm_eps: 'layerNormEps',
  patch_size: 'patchSize',
  qkv_bias: 'qkvBias',
  frequency_stride: 'frequencyStride',
  time_stride: 'timeStride',
  max_length: 'maxLength',
  num_mel_bins: 'numMelBins',
};

/**
 * Converts a HuggingFace `config.json` object (snake_case `ASTConfig`) to an {@link AstConfig}; missing fields take
 * the HF defaults, `numLabels` comes from `id2label` (else `num_labels`, else 527).
 */
export function astConfigFromHuggingFace(json: Record<string, unknown>): AstConfig {
  const config: AstConfig = { ...hfDefaults };
  const target = config as unknown as Record<string, unknown>;
  for (const [hfName, name] of Object.entries(hfFieldNames)) {
    if (json[hfName] !== undefined) target[name] = json[hfName];
  }
  const id2label = json.id2label as Record<string, string> | undefined;
  if (id2label !== undefined && typeof id2label === 'object') config.numLabels = Object.keys(id2label).length;
  else if (typeof json.num_labels === 'number') config.numLabels = json.num_labels;
  validateAstConfig(config);
  return config;
}
