import type { AstClassifier } from '@tsc/ast-model';
import { type ClassificationMessage, type ImuRecording, type LabelEvent, mergePredictions } from '@tsc/mcap-utils';
import { CliCommandError } from '../errors.js';
import { type FeatureSettings, sensorWindows, windowSpectrogram } from './sensor-features.js';

/** A classified recording. */
export interface RecordingClassification {
  /** One message per window, for the `classification` topic. */
  readonly messages: ClassificationMessage[];
  /** Consecutive equal predictions merged into label events (the reference's labels format). */
  readonly events: LabelEvent[];
}

/** Reads a model's feature settings back, failing clearly for a model this CLI did not train. */
export function modelFeatureSettings(classifier: AstClassifier, modelPath: string): FeatureSettings {
  const settings = classifier.featureSettings as Partial<FeatureSettings>;
  if (
    typeof settings.windowSec !== 'number' ||
    typeof settings.hopSec !== 'number' ||
    settings.spectrogram === undefined
  ) {
    throw new CliCommandError(
      `${modelPath}: expected feature settings {windowSec, hopSec, spectrogram} in the model's config.json, found ${JSON.stringify(classifier.featureSettings)}`,
    );
  }
  return settings as FeatureSettings;
}

/**
 * Classifies every window of a recording: the windows and spectrograms are made with the settings the model was
 * trained with, the model gives class probabilities, and consecutive equal predictions become label events.
 *
 * @param onProgress - called with windows done and the total.
 */
export function classifyRecordingWindows(
  recording: ImuRecording,
  classifier: AstClassifier,
  settings: FeatureSettings,
  { collection = '', onProgress }: { collection?: string; onProgress?: (done: number, total: number) => void } = {},
): RecordingClassification {
  const list = sensorWindows(recording, settings);
  const rateHz = list[0]?.sampleRateHz;
  if (
    settings.sampleRateHz !== undefined &&
    rateHz !== undefined &&
    Math.abs(rateHz - settings.sampleRateHz) > 0.01 * settings.sampleRateHz
  ) {
    throw new CliCommandError(
      `the model was trained on ${settings.sampleRateHz} Hz recordings, this recording is sampled at ${rateHz.toFixed(2)} Hz`,
    );
  }
  const messages: ClassificationMessage[] = [];
  const batch = 64;
  for (let start = 0; start < list.length; start += batch) {
    const part = list.slice(start, start + batch);
    const images = part.map((window) => windowSpectrogram(window, settings));
    const [frames, bins] = images[0]!.shape;
    const data = new Float32Array(images.length * frames * bins);
    for (const [i, image] of images.entries()) data.set(image.data, i * frames * bins);
    const predictions = classifier.predict({ data, shape: [images.length, frames, bins] });
    predictions.forEach((prediction, i) => {
      const window = part[i]!;
      messages.push({
        logTimeNs: window.endTimeNs,
        predictedClassId: prediction.classId,
        label: prediction.label,
        probabilities: prediction.probabilities,
        windowStartNs: window.startTimeNs,
        windowEndNs: window.endTimeNs,
      });
    });
    onProgress?.(Math.min(start + batch, list.length), list.length);
  }
  return { messages, events: mergePredictions(messages, { collection }) };
}
