import { DEFAULT_SENSOR_FEATURE_SETTINGS, type SensorFeatureSettings } from '@tsc/ast-model';
import { resolveSensorSpectrogramOptions, type SensorSpectrogramOptions } from '@tsc/spectrogram';

/**
 * The feature settings stored with a model: `@tsc/ast-model`'s sensor defaults (2 s windows every 1 s at 100 Hz,
 * channels relative to each recording's own field), with overrides and the spectrogram options resolved. Recordings
 * at any other rate are resampled to `sampleRateHz` when they are classified.
 */
export function resolveFeatureSettings({
  windowSec = DEFAULT_SENSOR_FEATURE_SETTINGS.windowSec,
  hopSec = DEFAULT_SENSOR_FEATURE_SETTINGS.hopSec,
  spectrogram = {},
  sampleRateHz,
}: {
  windowSec?: number;
  hopSec?: number;
  spectrogram?: SensorSpectrogramOptions;
  sampleRateHz?: number;
} = {}): SensorFeatureSettings {
  return {
    windowSec,
    hopSec,
    reference: DEFAULT_SENSOR_FEATURE_SETTINGS.reference ?? 'recording',
    spectrogram: resolveSensorSpectrogramOptions({
      ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram,
      ...spectrogram,
      ...(sampleRateHz === undefined ? {} : { sampleRateHz }),
    }),
  };
}
