import { sensorSpectrogramShape } from '@tsc/spectrogram';
import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { AstClassifier } from './ast-classifier.js';

/**
 * A small untrained classifier (hidden 16, MLP 32, weights from `seed`) for `settings`' windows: enough to compare two
 * classification paths on the same model, not to trust its classes.
 */
export function untrainedClassifier(
  settings: SensorFeatureSettings,
  labelNames: readonly string[],
  seed = 3,
): AstClassifier {
  const rateHz = settings.spectrogram.sampleRateHz;
  if (typeof rateHz !== 'number') throw new Error('untrainedClassifier: settings.spectrogram.sampleRateHz is needed');
  const samples = Math.round(settings.windowSec * rateHz);
  const { shape, binsPerChannel } = sensorSpectrogramShape(settings.spectrogram, samples);
  // one channel per patch, as trainAst makes them for features of fewer bins than the preset's 32
  const patch = Math.min(binsPerChannel, 32);
  const config = astConfig({
    hiddenSize: 16,
    intermediateSize: 32,
    maxLength: shape[0],
    numMelBins: shape[1],
    patchSize: patch,
    frequencyStride: patch,
  });
  return new AstClassifier({ model: createAstModel(config, { seed }), config, labelNames, featureSettings: settings });
}
