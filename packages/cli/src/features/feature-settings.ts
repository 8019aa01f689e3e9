import { DEFAULT_SENSOR_FEATURE_SETTINGS, type SensorFeatureSettings } from '@tsc/ast-model';
import { resolveSensorSpectrogramOptions, type SensorSpectrogramOptions } from '@tsc/spectrogram';

/**
 * The feature settings stored with a model: `@tsc/ast-model`'s sensor defaults (3 s windows every 1.5 s, magnetometer
 * plus field-norm and dip spectrograms), with overrides, the spectrogram options resolved and pinned to the
 * training data's sample rate (so a recording at another rate is refused at classification).
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
  sampleRateHz?: number | null;
} = {}): SensorFeatureSettings {
  return {
    windowSec,
    hopSec,
    spectrogram: resolveSensorSpectrogramOptions({
      ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram,
      ...spectrogram,
      ...(sampleRateHz === undefined ? {} : { sampleRateHz }),
    }),
  };
}
