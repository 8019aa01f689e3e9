import {
  calibratedRecording,
  type ImuRecording,
  type LabelEvent,
  type RecordingWindow,
  windows,
} from '@tsc/mcap-utils';
import {
  type ResolvedSensorSpectrogramOptions,
  resolveSensorSpectrogramOptions,
  type SensorName,
  type SensorSpectrogram,
  sensorSpectrogram,
} from '@tsc/spectrogram';

/** The raw topic of each sensor. */
export const SENSOR_TOPICS: Readonly<Record<SensorName, string>> = { mag: 'mag_raw', acc: 'acc_raw', gyro: 'gyro_raw' };

/**
 * How windows and features are made from a recording. Stored with a trained model (its feature settings), so
 * classification cuts and transforms a new recording exactly as the training data was.
 */
export interface FeatureSettings {
  /** Window length (s). */
  readonly windowSec: number;
  /** Step between window starts (s). */
  readonly hopSec: number;
  /** The sensor spectrogram options, resolved (every default filled in). */
  readonly spectrogram: ResolvedSensorSpectrogramOptions;
  /** The sample rate of the training windows (Hz); recordings at another rate are refused at classification. */
  readonly sampleRateHz?: number;
}

/** Defaults of {@link featureSettings}: 2 s windows every second, the spectrogram package's defaults. */
export function featureSettings({
  windowSec = 2,
  hopSec = 1,
  spectrogram = {},
}: {
  windowSec?: number;
  hopSec?: number;
  spectrogram?: Parameters<typeof resolveSensorSpectrogramOptions>[0];
} = {}): FeatureSettings {
  return { windowSec, hopSec, spectrogram: resolveSensorSpectrogramOptions(spectrogram) };
}

/** Labelled (or unlabelled) windows of a recording, cut on the calibrated sensor topics the settings use. */
export function sensorWindows(
  recording: ImuRecording,
  settings: FeatureSettings,
  labels?: readonly LabelEvent[],
): RecordingWindow[] {
  const topics = settings.spectrogram.sensors.map((sensor) => SENSOR_TOPICS[sensor]);
  return windows(calibratedRecording(recording), {
    topics,
    windowSec: settings.windowSec,
    hopSec: settings.hopSec,
    ...(labels === undefined ? { labelPolicy: 'center' as const } : { labels, labelPolicy: 'pure' as const }),
  });
}

/** The sensor spectrogram of one window. */
export function windowSpectrogram(window: RecordingWindow, settings: FeatureSettings): SensorSpectrogram {
  const input: { sampleRateHz: number; mag?: Float64Array; acc?: Float64Array; gyro?: Float64Array } = {
    sampleRateHz: window.sampleRateHz,
  };
  for (const sensor of settings.spectrogram.sensors) input[sensor] = window.values.get(SENSOR_TOPICS[sensor]);
  return sensorSpectrogram(input, settings.spectrogram);
}
