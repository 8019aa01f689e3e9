import { AstInputError } from '../errors.js';
import { createAstModel, memberLayerName } from '../model/create-ast-model.js';
import { AstClassifier } from './ast-classifier.js';

/** What every member of an ensemble must share with the first, by the field named in the error. */
const SHARED_FIELDS = ['config', 'labelNames', 'normalization', 'featureSettings', 'classWeights'] as const;

/**
 * One classifier from several trained on the same windows (e.g. from different seeds): a model with each member's
 * AST side by side (`config.ensembleSize` = their count) whose probabilities are the mean of the members'. A single
 * training run's held-out figure depends on its seed; the mean of a few runs is steadier and usually better than the
 * typical run (package README, "Ensembles"). The members' weights are copied, so they can be disposed afterwards.
 *
 * @throws {@link AstInputError} when there are no members, a member is itself an ensemble, or the members differ in
 *   architecture, labels, input standardisation, feature settings or class weights.
 *
 * @example
 * ```ts
 * import { AstClassifier, astConfig, createAstModel, ensembleClassifier, initializeBackend } from '@tsc/ast-model';
 * import { DISTORTION_LABELS } from '@tsc/mcap-utils';
 *
 * await initializeBackend();
 * const config = astConfig({ preset: 'sensor', maxLength: 18, numMelBins: 4, patchSize: 1, frequencyStride: 1 });
 * // two untrained members here; trainDistortionModel trains them from different seeds
 * const members = [1, 2].map((seed) => new AstClassifier({ model: createAstModel(config, { seed }), config, labelNames: DISTORTION_LABELS }));
 * const ensemble = ensembleClassifier(members);
 * console.log(ensemble.config.ensembleSize); // 2
 * ```
 */
export function ensembleClassifier(members: readonly AstClassifier[]): AstClassifier {
  const [first] = members;
  if (first === undefined) throw new AstInputError('members', 'at least one classifier', 0);
  members.forEach((member, index) => {
    if ((member.config.ensembleSize ?? 1) !== 1) {
      throw new AstInputError(`members[${index}].config.ensembleSize`, '1 (one AST)', member.config.ensembleSize);
    }
    for (const field of SHARED_FIELDS) {
      if (JSON.stringify(member[field]) !== JSON.stringify(first[field])) {
        throw new AstInputError(
          `members[${index}].${field}`,
          `members[0]'s ${JSON.stringify(first[field])}`,
          member[field],
        );
      }
    }
  });
  const config = { ...first.config, ensembleSize: members.length };
  const model = createAstModel(config);
  members.forEach((member, index) => {
    for (const layer of member.model.layers) {
      if (layer.weights.length === 0) continue;
      model.getLayer(memberLayerName(layer.name, index)).setWeights(layer.getWeights());
    }
  });
  return new AstClassifier({
    model,
    config,
    labelNames: first.labelNames,
    ...(first.normalization === undefined ? {} : { normalization: first.normalization }),
    featureSettings: first.featureSettings,
    ...(first.classWeights === undefined ? {} : { classWeights: first.classWeights }),
  });
}
