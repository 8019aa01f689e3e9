import { beforeAll, describe, it } from 'vitest';
import { initializeBackend } from '../backend.js';
import { registerAstLayers } from '../create-ast-model.js';
import { AstClassificationHead } from './classification-head.js';
import { checkLayerContract } from './layer-contract.test-helper.js';

beforeAll(async () => {
  await initializeBackend({ backend: 'wasm' });
  registerAstLayers();
});

describe('AstClassificationHead', () => {
  it('meets the layer contract', () => {
    checkLayerContract(
      () => new AstClassificationHead({ numLabels: 3, seed: 5 }),
      AstClassificationHead,
      [4, 8],
      [4, 3],
    );
  });
});
