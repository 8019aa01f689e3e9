import type { SensorFeatureSettings } from '../features/feature-settings.js';
import { sensorAstConfig } from '../features/sensor-ast-config.js';
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
  if (typeof settings.spectrogram.sampleRateHz !== 'number') {
    throw new Error('untrainedClassifier: settings.spectrogram.sampleRateHz is needed');
  }
  const config = sensorAstConfig(settings, { hiddenSize: 16, intermediateSize: 32 });
  return new AstClassifier({ model: createAstModel(config, { seed }), config, labelNames, featureSettings: settings });
}
