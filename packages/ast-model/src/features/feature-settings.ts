import { resolveSensorSpectrogramOptions, type SensorSpectrogramOptions } from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import { DEFAULT_SENSOR_FEATURE_SETTINGS } from './sensor-features.js';

/** Where the reference field of the norm, dip and consistency channels comes from. */
export type FeatureReference = 'recording' | 'fixed';

/**
 * The feature settings a sensor model is trained with and stores (`featureSettings` of an {@link AstClassifier},
 * `config.json` of a model folder): window length and hop, the `sensorSpectrogram` options (plain JSON) and where
 * their reference field comes from. Classifying with a model uses its own settings, so a recording is windowed and
 * turned into spectrograms exactly as the training windows were.
 */
export interface SensorFeatureSettings {
  /** Window length (s). */
  windowSec: number;
  /** Step between windows (s). */
  hopSec: number;
  /**
   * Options of `sensorSpectrogram` from `@tsc/spectrogram` (store the resolved object). Its `sampleRateHz` is the
   * model's rate: recordings at any other rate, or with jittered timestamps, are resampled to it.
   */
  spectrogram: SensorSpectrogramOptions;
  /**
   * `recording`: the reference field magnitude, dip and specific force of the spectrogram's relative channels are
   * each recording's own robust reference (`sensorReference` of `@tsc/spectrogram`: medians over the recording), so
   * the features mean the same at any place on Earth and for any calibration scale. `fixed`: the spectrogram
   * options' own `reference*` values. Defaults to `fixed` (models saved before this setting existed).
   */
  reference?: FeatureReference;
  /**
   * Samples around each window that its derived channels read (s, each side; fewer at a recording's ends and gaps):
   * the stable dip's gravity is the gyro-stabilised mean specific force over the window with its context, so that a
   * hand shaking the sensor at under 1 Hz tilts it less (the frames still cover only the window). Streaming
   * classification waits this long after a window's end before classifying it. Defaults to 0 (models saved before
   * this setting existed).
   */
  contextSec?: number;
}

/**
 * The settings of models saved before a field existed: windows of 3 s every 1.5 s, the spectrogram's own defaults
 * and a `fixed` reference, as those models were trained.
 */
export const LEGACY_FEATURE_SETTINGS: Readonly<Required<SensorFeatureSettings>> = Object.freeze({
  windowSec: 3,
  hopSec: 1.5,
  spectrogram: Object.freeze({}) as SensorSpectrogramOptions,
  reference: 'fixed',
  contextSec: 0,
});

const REFERENCES: readonly FeatureReference[] = ['recording', 'fixed'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stored number of seconds, or the legacy default when absent: > 0 for the window and the hop, ≥ 0 for the context
 * (none).
 */
function storedSeconds(
  stored: Record<string, unknown>,
  name: 'windowSec' | 'hopSec' | 'contextSec',
  field: string,
): number {
  const value = stored[name] ?? LEGACY_FEATURE_SETTINGS[name];
  const zeroAllowed = name === 'contextSec';
  if (typeof value !== 'number' || !Number.isFinite(value) || !(zeroAllowed ? value >= 0 : value > 0)) {
    throw new AstInputError(`${field}.${name}`, `a number of seconds ${zeroAllowed ? '≥' : '>'} 0`, value);
  }
  return value;
}

/** The stored spectrogram options, checked with `resolveSensorSpectrogramOptions` of `@tsc/spectrogram`. */
function spectrogramOptions(stored: Record<string, unknown>, field: string): SensorSpectrogramOptions {
  const value = stored.spectrogram ?? LEGACY_FEATURE_SETTINGS.spectrogram;
  if (!isRecord(value)) throw new AstInputError(`${field}.spectrogram`, 'sensorSpectrogram options (an object)', value);
  try {
    resolveSensorSpectrogramOptions(value as SensorSpectrogramOptions);
  } catch (error) {
    throw new AstInputError(`${field}.spectrogram`, 'valid sensorSpectrogram options', (error as Error).message);
  }
  return value as SensorSpectrogramOptions;
}

/**
 * Checks stored feature settings (JSON from a model folder, or a caller's object) and fills the fields a model saved
 * before they existed with {@link LEGACY_FEATURE_SETTINGS}. `undefined` (a model that stored none, e.g. an imported
 * checkpoint) gives the legacy settings.
 *
 * @param field - Names the settings in errors. Defaults to `featureSettings`.
 * @throws {@link AstInputError} naming the field (e.g. `featureSettings.hopSec`), what was expected and what was
 *   found, for a value of the wrong type or range.
 *
 * @example
 * ```ts
 * import { parseFeatureSettings } from '@tsc/ast-model';
 *
 * console.log(parseFeatureSettings({ windowSec: 2, hopSec: 1 })); // { windowSec: 2, hopSec: 1, spectrogram: {}, reference: 'fixed', contextSec: 0 }
 * ```
 */
export function parseFeatureSettings(stored: unknown, field = 'featureSettings'): SensorFeatureSettings {
  if (stored === undefined) return { ...LEGACY_FEATURE_SETTINGS };
  if (!isRecord(stored)) throw new AstInputError(field, 'feature settings (an object)', stored);
  const reference = stored.reference ?? LEGACY_FEATURE_SETTINGS.reference;
  if (!REFERENCES.includes(reference as FeatureReference)) {
    throw new AstInputError(`${field}.reference`, REFERENCES.map((name) => `"${name}"`).join(' or '), reference);
  }
  return {
    windowSec: storedSeconds(stored, 'windowSec', field),
    hopSec: storedSeconds(stored, 'hopSec', field),
    spectrogram: spectrogramOptions(stored, field),
    reference: reference as FeatureReference,
    contextSec: storedSeconds(stored, 'contextSec', field),
  };
}

/**
 * The feature settings a classifier was trained with (its `featureSettings`), with the fields a model saved before
 * they existed filled in. Accepts anything holding stored settings, e.g. a message from a worker.
 *
 * @throws {@link AstInputError} for stored settings of the wrong type (see {@link parseFeatureSettings}).
 */
export function sensorFeatureSettingsOf(classifier: { readonly featureSettings?: unknown }): SensorFeatureSettings {
  return parseFeatureSettings(classifier.featureSettings);
}

/** Overrides of {@link sensorFeatureSettings}. */
export interface SensorFeatureOverrides {
  /** Window length (s). Defaults to `DEFAULT_SENSOR_FEATURE_SETTINGS.windowSec` (2). */
  windowSec?: number;
  /** Step between windows (s). Defaults to `DEFAULT_SENSOR_FEATURE_SETTINGS.hopSec` (1). */
  hopSec?: number;
  /** Samples around each window its derived channels read (s, each side). Defaults to `DEFAULT_SENSOR_FEATURE_SETTINGS.contextSec` (1). */
  contextSec?: number;
  /** Spectrogram options over the defaults'. Defaults to none. */
  spectrogram?: SensorSpectrogramOptions;
  /** The model's sample rate (Hz): every recording is resampled to it. Defaults to the defaults' (100). */
  sampleRateHz?: number;
}

/**
 * The feature settings to train a sensor model with: {@link DEFAULT_SENSOR_FEATURE_SETTINGS} (2 s windows every 1 s
 * at 100 Hz, channels relative to each recording's own field) with the overrides, and the spectrogram options
 * resolved, so the model stores every value it was trained with.
 *
 * @throws `SpectrogramOptionsError` (from `@tsc/spectrogram`) for invalid spectrogram options.
 *
 * @example
 * ```ts
 * import { sensorFeatureSettings } from '@tsc/ast-model';
 *
 * const settings = sensorFeatureSettings({ windowSec: 3 });
 * console.log(settings.windowSec, settings.spectrogram.derived); // 3 ['magNormRatio', 'stableDip', 'fieldConsistency', 'deviationBound']
 * ```
 */
export function sensorFeatureSettings({
  windowSec = DEFAULT_SENSOR_FEATURE_SETTINGS.windowSec,
  hopSec = DEFAULT_SENSOR_FEATURE_SETTINGS.hopSec,
  contextSec = DEFAULT_SENSOR_FEATURE_SETTINGS.contextSec ?? 0,
  spectrogram = {},
  sampleRateHz,
}: SensorFeatureOverrides = {}): SensorFeatureSettings {
  return parseFeatureSettings({
    windowSec,
    hopSec,
    contextSec,
    reference: DEFAULT_SENSOR_FEATURE_SETTINGS.reference ?? 'recording',
    spectrogram: resolveSensorSpectrogramOptions({
      ...DEFAULT_SENSOR_FEATURE_SETTINGS.spectrogram,
      ...spectrogram,
      ...(sampleRateHz === undefined ? {} : { sampleRateHz }),
    }),
  });
}
