import type { AstDataset, ClassificationMetrics, TrainingHistory } from '@tsc/ast-model';
import {
  type ClassificationMessage,
  calibratedSensor,
  encodeBase64,
  type ImuRecording,
  type LabelEvent,
  labelEventTimesNs,
} from '@tsc/mcap-utils';
import { spectrogramToPng } from '@tsc/spectrogram';
import type {
  ReportEvaluation,
  ReportPrediction,
  ReportSegment,
  ReportSpectrogram,
  ReportTrace,
  ReportTraining,
} from '../report/report-data.js';

/** Label events as report segments (seconds from `originNs`), class names from `classNameOf`. */
export function labelSegments(
  events: readonly LabelEvent[],
  classNameOf: (label: string) => string,
  originNs = 0n,
  labelKey = 'mag_distortion',
): ReportSegment[] {
  return events.map((event) => {
    const { startNs, endNs } = labelEventTimesNs(event);
    return {
      startSec: Number(startNs - originNs) / 1e9,
      endSec: Number(endNs - originNs) / 1e9,
      className: classNameOf(String(event.metadata[labelKey])),
    };
  });
}

/**
 * A calibrated sensor of a recording as a report trace, downsampled to at most `maxPoints` samples (every k-th
 * sample: the traces are for looking at, not for measuring).
 */
export function sensorTrace(
  recording: ImuRecording,
  sensor: 'mag' | 'acc' | 'gyro',
  {
    title,
    unit,
    segments,
    maxPoints = 1200,
  }: { title: string; unit: string; segments: ReportSegment[]; maxPoints?: number },
): ReportTrace {
  const series = calibratedSensor(recording, sensor);
  const count = series.timestampsNs.length;
  const stride = Math.max(1, Math.ceil(count / maxPoints));
  const origin = series.timestampsNs[0] ?? 0n;
  const timeSec: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const round = (value: number) => Math.round(value * 1000) / 1000;
  for (let i = 0; i < count; i += stride) {
    timeSec.push(round(Number(series.timestampsNs[i]! - origin) / 1e9));
    x.push(round(series.values[3 * i]!));
    y.push(round(series.values[3 * i + 1]!));
    z.push(round(series.values[3 * i + 2]!));
  }
  return { title, unit, timeSec, x, y, z, segments };
}

/** The first window of each class in a dataset as a PNG spectrogram (frequency up, time to the right). */
export function exampleSpectrograms(
  dataset: AstDataset,
  classNames: readonly string[],
  caption: (windowIndex: number) => string,
): ReportSpectrogram[] {
  const [, frames, bins] = dataset.shape;
  const size = frames * bins;
  const examples: ReportSpectrogram[] = [];
  for (let id = 0; id < classNames.length; id++) {
    const index = dataset.labels.indexOf(id);
    if (index < 0) continue;
    const png = spectrogramToPng(
      { data: dataset.features.subarray(index * size, (index + 1) * size), shape: [frames, bins] },
      { min: -1, max: 1, scale: 3 },
    );
    examples.push({ className: classNames[id]!, caption: caption(index), pngBase64: encodeBase64(png) });
  }
  return examples;
}

/** Training curves: the running mean of the training loss and every validation evaluation. */
export function trainingCurves(history: TrainingHistory, smoothing = 10): ReportTraining {
  const points: ReportTraining['points'][number][] = [];
  const every = Math.max(1, Math.floor(history.steps.length / 150));
  for (let i = 0; i < history.steps.length; i++) {
    if ((i + 1) % every !== 0 && i !== history.steps.length - 1) continue;
    const window = history.steps.slice(Math.max(0, i + 1 - smoothing), i + 1);
    const loss = window.reduce((sum, step) => sum + step.loss, 0) / window.length;
    points.push({ step: history.steps[i]!.step, split: 'train', loss });
  }
  for (const evaluation of history.evaluations) {
    points.push({
      step: evaluation.step,
      split: 'validation',
      loss: evaluation.metrics.loss,
      accuracy: evaluation.metrics.accuracy,
    });
  }
  return { points };
}

/** Held-out metrics for the report. */
export function reportEvaluation(metrics: ClassificationMetrics, classNames: readonly string[]): ReportEvaluation {
  return {
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    confusionMatrix: metrics.confusionMatrix,
    perClass: metrics.perClass.map((perClass, id) => ({
      className: classNames[id] ?? perClass.label,
      precision: perClass.precision,
      recall: perClass.recall,
      f1: perClass.f1,
      support: perClass.support,
    })),
  };
}

/** Classified windows as timeline bars; overlapping windows are drawn over their own hop only. */
export function predictionBars(
  messages: readonly ClassificationMessage[],
  classNames: readonly string[],
  hopSec: number,
  originNs = 0n,
): ReportPrediction[] {
  return messages.map((message) => {
    const startSec = Number(message.windowStartNs - originNs) / 1e9;
    const endSec = Math.min(Number(message.windowEndNs - originNs) / 1e9, startSec + hopSec);
    return {
      startSec,
      endSec,
      className: classNames[message.predictedClassId] ?? message.label,
      confidence: message.probabilities[message.predictedClassId] ?? 1,
    };
  });
}
