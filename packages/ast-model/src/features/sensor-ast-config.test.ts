import { describe, expect, it } from 'vitest';
import { sensorFeatureSettings } from './feature-settings.js';
import { sensorAstConfig } from './sensor-ast-config.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from './sensor-features.js';

describe('sensorAstConfig', () => {
  it("sizes the preset for the settings' windows, with one-channel patches for one level per channel", () => {
    const config = sensorAstConfig(DEFAULT_SENSOR_FEATURE_SETTINGS);
    expect(config).toMatchObject({ maxLength: 18, numMelBins: 4, patchSize: 1, frequencyStride: 1, timePatchSize: 10 });
  });

  it("keeps the preset's patches for spectra of every bin, and the options' own over everything", () => {
    const spectra = sensorFeatureSettings({ spectrogram: { maxBinsPerChannel: null } });
    expect(sensorAstConfig(spectra)).toMatchObject({ numMelBins: 128, patchSize: 32, frequencyStride: 32 });
    const own = sensorAstConfig(DEFAULT_SENSOR_FEATURE_SETTINGS, { patchSize: 2, frequencyStride: 2, numMelBins: 8 });
    expect(own).toMatchObject({ numMelBins: 8, patchSize: 2, frequencyStride: 2 });
    expect(sensorAstConfig(sensorFeatureSettings({ windowSec: 3 }), { preset: 'tiny' })).toMatchObject({
      maxLength: 30,
      numMelBins: 4,
      patchSize: 1,
      timePatchSize: 16,
      hiddenSize: 192,
    });
  });
});
