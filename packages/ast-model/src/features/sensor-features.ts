import {
  type CountedWindows,
  calibratedRecording,
  countedWindows,
  DISTORTION_LABEL_KEY,
  type ImuRecording,
  type LabelEvent,
  type NonFinitePolicy,
  type RecordingWindow,
  type WindowOptions,
  windows,
} from '@tsc/mcap-utils';
import {
  type SensorReference,
  type SensorSpectrogramOptions,
  type SensorWindow,
  sensorReference,
  sensorSpectrogram,
  sensorSpectrogramSensors,
} from '@tsc/spectrogram';
import { AstInputError } from '../errors.js';
import type { AstDataset } from '../training/dataset.js';
import type { SensorFeatureSettings } from './feature-settings.js';
import type { AstFeatures } from './features.js';
import { type ResampleRecordingOptions, type ResampleReport, resampleRecording } from './resample-recording.js';

/**
 * The input of the `sensor` preset: 2 s windows every 1 s at 100 Hz, resampled to it from any rate; spectrograms of
 * four channels measured against each recording's own reference field, so they mean the same anywhere on Earth:
 * field norm (% of the recording's median), dip (degrees from the recording's median, against the gravity direction
 * of the gyro-stabilised mean specific force over the window and 1 s each side of it, `stableDip`, so that shaking
 * the sensor does not swing it),
 * the gyro-consistency residual (% of the field; large exactly when the field around the sensor changes) and the
 * smallest field deviation the norm and the dip allow together (`deviationBound`, % of the field: the quantity a
 * disturbance's level is defined by, as far as the norm and the dip see it). Each channel keeps only its lowest
 * bin (`maxBinsPerChannel: 1`): each frame's level, without the spectrum of the motion, which the model otherwise
 * learns its training recordings by (the README's "Feature ablation"). 4 channels × 1 bin, 18 frames.
 *
 * Left out, as the ablation in the README measures: the absolute field and the magnetometer axes (they say where the
 * recording was made, not whether it is disturbed), the motion sensors' spectra, and the specific-force norm
 * (`accNormRatio`: in training data, where disturbances are passed while moving, it taught the model that
 * acceleration means disturbance, and it raised false alarms on real fast translation), and the plain `dip` against
 * each sample's specific force (it swings by up to 150° when a hand shakes the sensor at several g: most false alarms
 * on real fast translation came from it).
 */
export const DEFAULT_SENSOR_FEATURE_SETTINGS: Readonly<SensorFeatureSettings> = Object.freeze({
  windowSec: 2,
  hopSec: 1,
  reference: 'recording',
  contextSec: 1,
  spectrogram: Object.freeze({
    sampleRateHz: 100,
    sensors: [],
    derived: ['magNormRatio', 'stableDip', 'fieldConsistency', 'deviationBound'],
    maxBinsPerChannel: 1,
  }) as SensorSpectrogramOptions,
});

/**
 * The calibrated topics (`mag_raw`, `acc_raw`, `gyro_raw`) a spectrogram needs (`sensorSpectrogramSensors` of
 * `@tsc/spectrogram`). The first is the time base of the windows.
 */
export function sensorTopics(spectrogram: SensorSpectrogramOptions = {}): string[] {
  return sensorSpectrogramSensors(spectrogram).map((sensor) => `${sensor}_raw`);
}

const REFERENCE_TOPICS = ['mag_raw', 'acc_raw'];

/**
 * Every topic features with these settings read: the spectrogram's sensors ({@link sensorTopics}) and, for a
 * `recording` reference, the field and specific force it is measured from. Read only these from a file.
 */
export function featureTopics(settings: SensorFeatureSettings): string[] {
  const reference = settings.reference === 'recording' ? REFERENCE_TOPICS : [];
  return [...new Set([...sensorTopics(settings.spectrogram), ...reference])];
}

/** `{ source }` of a recording read from a file, else nothing. */
function sourceOf(recording: ImuRecording): { source?: string } {
  return recording.source === undefined ? {} : { source: recording.source };
}

/** A recording made ready for a model's features by {@link prepareRecording}. */
export interface PreparedRecording {
  /** The calibrated sensor topics a spectrogram needs, on one uniform grid at the model's rate. */
  readonly recording: ImuRecording;
  /** The spectrogram options with the recording's reference filled in (when the settings ask for it). */
  readonly spectrogram: SensorSpectrogramOptions;
  /** The recording's reference field, when the settings use it. */
  readonly reference: SensorReference | undefined;
  /** What resampling did, when the settings fix a rate. */
  readonly resampling: ResampleReport | undefined;
}

/**
 * The one path from a recording to a model's input, shared by training, evaluation and classification: calibrate
 * the sensors, resample them to the model's rate (`spectrogram.sampleRateHz` of the settings; any input rate,
 * non-integer rates and jittered timestamps included), and measure the recording's own reference field when the
 * settings use it. Cut windows of the result with {@link recordingWindows}. `resampling.gridStartNs` anchors the
 * resampling grid (a stream's stretch resampled as the whole recording it comes from).
 *
 * @throws {@link AstInputError} when a needed sensor topic is missing or too short.
 */
export function prepareRecording(
  recording: ImuRecording,
  settings: SensorFeatureSettings,
  resampling: ResampleRecordingOptions = {},
): PreparedRecording {
  // the reference reads the field and (where there is one) the specific force, whatever the spectrogram reads
  const referenceTopics =
    settings.reference === 'recording' ? REFERENCE_TOPICS.filter((topic) => recording.topics.has(topic)) : [];
  const topics = [...new Set([...sensorTopics(settings.spectrogram), ...referenceTopics])];
  const calibrated = calibratedRecording(recording);
  const sensors: ImuRecording = {
    topics: new Map(
      topics.map((topic) => {
        const series = calibrated.topics.get(topic);
        if (series === undefined) {
          throw new AstInputError('recording topics', `${topics.join(', ')}`, [...recording.topics.keys()]);
        }
        return [topic, series];
      }),
    ),
    metadata: calibrated.metadata,
    // the file, so that errors about the windows name it
    ...sourceOf(recording),
  };
  const rateHz = settings.spectrogram.sampleRateHz;
  const resampled =
    rateHz === undefined || rateHz === null ? undefined : resampleRecording(sensors, rateHz, topics, resampling);
  const ready = resampled === undefined ? sensors : { ...resampled.recording, ...sourceOf(recording) };
  if (settings.reference !== 'recording') {
    return { recording: ready, spectrogram: settings.spectrogram, reference: undefined, resampling: resampled?.report };
  }
  const acc = ready.topics.get('acc_raw');
  const reference = sensorReference({
    mag: ready.topics.get('mag_raw')!.values,
    ...(acc === undefined ? {} : { acc: acc.values }),
  });
  return {
    recording: ready,
    spectrogram: spectrogramWithReference(settings.spectrogram, reference),
    reference,
    resampling: resampled?.report,
  };
}

/** Spectrogram options whose reference field, dip and specific force are `reference`'s (those it has). */
export function spectrogramWithReference(
  spectrogram: SensorSpectrogramOptions,
  reference: SensorReference,
): SensorSpectrogramOptions {
  return {
    ...spectrogram,
    referenceFieldMicroTesla: reference.fieldMicroTesla,
    ...(reference.dipDeg === undefined ? {} : { referenceDipDeg: reference.dipDeg }),
    ...(reference.specificForceMs2 === undefined ? {} : { referenceSpecificForceMs2: reference.specificForceMs2 }),
  };
}

/** Options of {@link recordingWindows}. */
export interface RecordingWindowsOptions {
  /** Label events: windows get the label of the event they lie in; windows across a boundary are dropped. */
  labels?: readonly LabelEvent[];
  /** Metadata key of the label. Defaults to `'mag_distortion'`. */
  labelKey?: string;
  /**
   * A window holding a NaN or infinite sample: `error` throws `NonFiniteSampleError` naming the file, topic and
   * log time; `skip` drops it (see `windows` of `@tsc/mcap-utils`). Defaults to `'error'`.
   */
  nonFinitePolicy?: NonFinitePolicy;
  /** Called for each window dropped for a gap or a non-finite value, to count them. Defaults to none. */
  onSkip?: WindowOptions['onSkip'];
  /**
   * Keep windows across a label boundary, unlabelled (their truth is unknown), so the windows are those cut without
   * labels, each with its truth. Defaults to false (dropped, as training wants).
   */
  keepMixedWindows?: boolean;
  /**
   * The most memory the windows cut at once may hold (bytes), checked before any is cut (`windows` of
   * `@tsc/mcap-utils`). Defaults to its default, 4 GiB.
   */
  maxMemoryBytes?: number;
  /** Where the first window starts (ns; `firstStartNs` of `windows`). Defaults to the recording's first sample. */
  firstStartNs?: bigint;
}

/** The windows of a prepared recording, as the settings cut them (`windows` of `@tsc/mcap-utils`). */
export function recordingWindows(
  prepared: PreparedRecording,
  settings: SensorFeatureSettings,
  options: RecordingWindowsOptions = {},
): RecordingWindow[] {
  return windows(prepared.recording, recordingWindowOptions(settings, options));
}

/**
 * The windows of {@link recordingWindows}, cut one at a time as they are iterated, with their count known before the
 * first (`countedWindows` of `@tsc/mcap-utils`: the sample grid laid out once for both): classifying a long recording
 * holds one batch of windows, not all of them, and reports progress against the total.
 */
export function iterateRecordingWindows(
  prepared: PreparedRecording,
  settings: SensorFeatureSettings,
  options: RecordingWindowsOptions = {},
): CountedWindows {
  return countedWindows(prepared.recording, recordingWindowOptions(settings, options));
}

/** The `windows` options of a model's settings. */
function recordingWindowOptions(
  settings: SensorFeatureSettings,
  {
    labels,
    labelKey = DISTORTION_LABEL_KEY,
    nonFinitePolicy = 'error',
    onSkip,
    keepMixedWindows,
    maxMemoryBytes,
    firstStartNs,
  }: RecordingWindowsOptions,
): WindowOptions {
  return {
    topics: sensorTopics(settings.spectrogram),
    windowSec: settings.windowSec,
    hopSec: settings.hopSec,
    ...(settings.contextSec ? { contextSec: settings.contextSec } : {}),
    labelKey,
    nonFinitePolicy,
    ...(onSkip === undefined ? {} : { onSkip }),
    ...(labels === undefined ? {} : { labels }),
    ...(keepMixedWindows === undefined ? {} : { keepMixedWindows }),
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
    ...(firstStartNs === undefined ? {} : { firstStartNs }),
    ...(typeof settings.spectrogram.sampleRateHz === 'number'
      ? { sampleRateHz: settings.spectrogram.sampleRateHz }
      : {}),
  };
}

/**
 * The truth of windows cut from a prepared recording (by their start times, as {@link recordingWindows} cuts them
 * without labels): the label of the event a window lies in, `undefined` for a window across a label boundary or in an
 * unlabelled gap (ambiguous stretches of real data), so that scores leave it out.
 */
export function windowTruthLabels(
  prepared: PreparedRecording,
  settings: SensorFeatureSettings,
  windowStartsNs: readonly bigint[],
  labels: readonly LabelEvent[],
  labelKey = DISTORTION_LABEL_KEY,
): (string | undefined)[] {
  const labelled = recordingWindows(prepared, settings, { labels, labelKey });
  const byStart = new Map(labelled.map((window) => [window.startTimeNs, window.label]));
  return windowStartsNs.map((start) => byStart.get(start));
}

/** Sensor spectrograms of recording windows (cut with {@link sensorTopics}), stacked as `[windows, frames, bins]`. */
export function windowFeatures(
  windows: readonly RecordingWindow[],
  spectrogram: SensorSpectrogramOptions = {},
): AstFeatures {
  let shape: [number, number, number] = [windows.length, 0, 0];
  let data = new Float32Array(0);
  windows.forEach((window, index) => {
    const { context } = window;
    const input: SensorWindow = {
      sampleRateHz: window.sampleRateHz,
      ...(context === undefined
        ? {}
        : { contextBeforeSamples: context.beforeSamples, contextAfterSamples: context.afterSamples }),
    };
    for (const sensor of ['mag', 'acc', 'gyro'] as const) {
      const values = (context ?? window).values.get(`${sensor}_raw`);
      if (values !== undefined) input[sensor] = values;
    }
    const image = sensorSpectrogram(input, spectrogram);
    const [frames, bins] = image.shape;
    if (index === 0) {
      shape = [windows.length, frames, bins];
      data = new Float32Array(windows.length * frames * bins);
    } else if (frames !== shape[1] || bins !== shape[2]) {
      throw new AstInputError(`windows[${index}] spectrogram shape`, `[${shape[1]}, ${shape[2]}]`, image.shape);
    }
    // a copy: sensorSpectrogram gives each window its own image; the stack is the one block a batch reads
    data.set(image.data, index * frames * bins);
  });
  return { data, shape };
}

/**
 * A labelled dataset from recording windows: their sensor spectrograms and class ids by `labelNames`. Unlabelled
 * windows are skipped; a label outside `labelNames` is an error.
 */
export function windowsDataset(
  windows: readonly RecordingWindow[],
  labelNames: readonly string[],
  spectrogram: SensorSpectrogramOptions = {},
): AstDataset {
  const labelled = windows.filter((w) => w.label !== undefined);
  const labels = new Int32Array(labelled.length);
  labelled.forEach((w, i) => {
    const id = labelNames.indexOf(w.label!);
    if (id < 0) throw new AstInputError(`windows label`, `one of ${JSON.stringify(labelNames)}`, w.label);
    labels[i] = id;
  });
  const { data, shape } = windowFeatures(labelled, spectrogram);
  return { features: data, shape, labels, labelNames };
}
