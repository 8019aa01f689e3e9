import { type AstConfig, astPatchGrid } from '../model/ast-config.js';

/** The floating-point operations of the dense products (matrix multiplications) of one batch. */
export interface AstStepFlops {
  /** Forward pass (inference) of the batch. */
  forward: number;
  /** One training step: forward, plus two products per forward product backward (none for the input patches). */
  training: number;
}

/**
 * Counts the FLOPs (2 per multiply-add) of the dense products of `createAstModel(config)` on `windows` windows, from
 * the shapes alone: patch embedding, per block the query/key/value/output projections, attention scores and context,
 * the MLP, then the head, times `config.ensembleSize` (every member runs). Element-wise work (LayerNorm, softmax, GELU, AdamW) is left out: it is memory-bound and a
 * few percent of these for the presets. The trainer compares it with `dataParallelMinStepGflop`; the benchmark
 * divides it by a large product's sustained rate to give the shortest step a machine can physically do.
 *
 * @example
 * ```ts
 * import { astConfig, astStepFlops } from '@tsc/ast-model';
 *
 * const { training } = astStepFlops(astConfig({ preset: 'tiny', maxLength: 128, numMelBins: 128, numLabels: 3 }), 8);
 * console.log((training / 1e9).toFixed(1)); // 42.1 (GFLOP per training step)
 * ```
 */
export function astStepFlops(config: AstConfig, windows: number): AstStepFlops {
  const [frequencyPatches, timePatches] = astPatchGrid(config);
  const patches = frequencyPatches * timePatches;
  const tokens = patches + 2;
  const rows = windows * tokens;
  const hidden = config.hiddenSize;
  const patchArea = config.patchSize * (config.timePatchSize ?? config.patchSize);
  const patchEmbedding = 2 * windows * patches * patchArea * hidden;
  const projections = 4 * 2 * rows * hidden * hidden;
  const mlp = 2 * 2 * rows * hidden * config.intermediateSize;
  const attention = 2 * 2 * windows * tokens * tokens * hidden;
  const head = 2 * windows * hidden * config.numLabels;
  const member = patchEmbedding + config.numHiddenLayers * (projections + mlp + attention) + head;
  const members = config.ensembleSize ?? 1;
  return { forward: members * member, training: members * (3 * member - patchEmbedding) };
}
