import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { AST_PRESETS, type AstConfig, type AstConfigOptions, astConfig } from '../model/ast-config.js';
import type { SensorFeatureSettings } from './feature-settings.js';

/**
 * Patches one channel wide (`patchSize` and `frequencyStride` = the features' bins per channel; the time patch the
 * preset's) when a channel has fewer bins than the preset's patches, as with the default features' single bin per
 * channel; nothing when the config sets `patchSize` itself. What `trainAst` and {@link sensorAstConfig} add to a config.
 * @internal
 */
export function channelWidePatches(
  configOptions: AstConfigOptions,
  featureSettings: SensorFeatureSettings | undefined,
): Partial<AstConfig> {
  if (featureSettings === undefined || configOptions.patchSize !== undefined) return {};
  const bins = sensorSpectrogramShape(featureSettings.spectrogram, 0).binsPerChannel;
  const preset = AST_PRESETS[configOptions.preset ?? 'sensor'];
  // the time patch stays the preset's (square presets take it from patchSize)
  return bins < preset.patchSize
    ? { patchSize: bins, frequencyStride: bins, timePatchSize: preset.timePatchSize ?? preset.patchSize }
    : {};
}

/**
 * The AST configuration for windows made with these feature settings, as `trainAst` makes it from their data: the
 * preset (default `sensor`), `maxLength` and `numMelBins` from the windows' spectrogram shape (at the settings' rate,
 * else 100 Hz), patches one channel wide when a channel has fewer bins than the preset's patches, and `options` over
 * all of it. Build a model by hand for a model's features with it.
 *
 * @example
 * ```ts
 * import { DEFAULT_SENSOR_FEATURE_SETTINGS, sensorAstConfig } from '@tsc/ast-model';
 *
 * const config = sensorAstConfig(DEFAULT_SENSOR_FEATURE_SETTINGS, { hiddenSize: 16, intermediateSize: 32 });
 * console.log(config.maxLength, config.numMelBins, config.patchSize); // 18 4 1
 * ```
 */
export function sensorAstConfig(settings: SensorFeatureSettings, options: AstConfigOptions = {}): AstConfig {
  const rateHz = settings.spectrogram.sampleRateHz ?? 100;
  const [frames, bins] = sensorSpectrogramShape(settings.spectrogram, Math.round(settings.windowSec * rateHz)).shape;
  return astConfig({ maxLength: frames, numMelBins: bins, ...channelWidePatches(options, settings), ...options });
}
