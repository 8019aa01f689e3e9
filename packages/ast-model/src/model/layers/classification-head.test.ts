import { beforeAll, it } from 'vitest';
import { describeOnEachBackend } from '../../backend/test-backends.test-helper.js';
import { registerAstLayers } from '../create-ast-model.js';
import { AstClassificationHead } from './classification-head.js';
import { checkLayerContract } from './layer-contract.test-helper.js';

beforeAll(() => {
  registerAstLayers();
});

describeOnEachBackend('AstClassificationHead', () => {
  it('meets the layer contract', () => {
    checkLayerContract(
      () => new AstClassificationHead({ numLabels: 3, seed: 5 }),
      AstClassificationHead,
      [4, 8],
      [4, 3],
    );
  });
});
