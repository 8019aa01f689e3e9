import { describe, expect, it } from 'vitest';
import { AstInputError } from '../errors.js';
import {
  LEGACY_FEATURE_SETTINGS,
  parseFeatureSettings,
  sensorFeatureSettings,
  sensorFeatureSettingsOf,
} from './feature-settings.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from './sensor-features.js';

describe('parseFeatureSettings', () => {
  it('fills the fields older models did not store with the legacy settings', () => {
    expect(parseFeatureSettings(undefined)).toEqual(LEGACY_FEATURE_SETTINGS);
    expect(parseFeatureSettings({ hopSec: 1 })).toEqual({ ...LEGACY_FEATURE_SETTINGS, hopSec: 1 });
    expect(sensorFeatureSettingsOf({ featureSettings: {} })).toEqual(LEGACY_FEATURE_SETTINGS);
  });

  it('keeps complete settings as they are', () => {
    const settings = { ...DEFAULT_SENSOR_FEATURE_SETTINGS, reference: 'recording' as const };
    expect(parseFeatureSettings(settings)).toEqual(settings);
  });

  it('names the field, the expected and the found value of a wrong setting', () => {
    const error = (stored: unknown) => {
      try {
        parseFeatureSettings(stored, 'config.featureSettings');
      } catch (thrown) {
        return thrown as AstInputError;
      }
      throw new Error('no error');
    };
    expect(error([])).toBeInstanceOf(AstInputError);
    expect(error({ windowSec: 0 }).message).toBe(
      'config.featureSettings.windowSec: expected a number of seconds > 0, found 0',
    );
    expect(error({ reference: 'local' }).field).toBe('config.featureSettings.reference');
    expect(error({ spectrogram: [] }).field).toBe('config.featureSettings.spectrogram');
    expect(error({ spectrogram: { derived: ['nope'] } }).expected).toBe('valid sensorSpectrogram options');
  });
});

describe('sensorFeatureSettings', () => {
  it('gives the defaults with the spectrogram options resolved, and applies overrides', () => {
    const settings = sensorFeatureSettings();
    expect(settings.windowSec).toBe(DEFAULT_SENSOR_FEATURE_SETTINGS.windowSec);
    expect(settings.reference).toBe(DEFAULT_SENSOR_FEATURE_SETTINGS.reference);
    expect(settings.spectrogram.derived).toEqual(DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram.derived);
    expect(settings.spectrogram.frameSec).toBeGreaterThan(0);
    const custom = sensorFeatureSettings({ windowSec: 3, hopSec: 0.5, sampleRateHz: 50 });
    expect([custom.windowSec, custom.hopSec, custom.spectrogram.sampleRateHz]).toEqual([3, 0.5, 50]);
  });
});
