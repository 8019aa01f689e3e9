/**
 * Everything the HTML report shows, as plain JSON-serialisable data: the report can be built from a saved
 * `report.json` (`tscls report --data report.json --output report.html`) as well as straight from the pipeline.
 * Times are in seconds from the start of the recording; class names are in label-id order.
 */
export interface ReportData {
  /** The report's heading, e.g. `Magnetic distortion: train and classify`. */
  readonly title: string;
  /** When the report was produced, ISO 8601. */
  readonly generatedAt: string;
  /** Class names in label-id order, e.g. `['none', 'low', 'high']`; they fix the colours of every figure. */
  readonly classNames: readonly string[];
  /** Key facts shown at the top (dataset size, preset, macro-F1, run time), in order. */
  readonly summary: readonly ReportFact[];
  /** Sensor traces with their label segments, one figure each. */
  readonly traces: readonly ReportTrace[];
  /** Example spectrograms, typically one per class. */
  readonly spectrograms: readonly ReportSpectrogram[];
  /** Training and validation curves, when a model was trained. */
  readonly training?: ReportTraining;
  /** Held-out evaluation, when the model was evaluated. */
  readonly evaluation?: ReportEvaluation;
  /** A recording's predicted classes against its truth, when one was classified. */
  readonly timeline?: ReportTimeline;
  /**
   * The model beside the physics baselines on the same windows (held-out synthetic recordings, real recordings):
   * one row per detector and data set. A model that does not beat the rules shows it here.
   */
  readonly comparison?: readonly ReportComparisonRow[];
  /** What the training data covered: locations, field strengths and dips, sensors, rates, motions, disturbances. */
  readonly trainingData?: readonly ReportFact[];
  /** Where the run's outputs went (files, store paths). */
  readonly outputs: readonly ReportFact[];
}

/** A named value, e.g. `{ name: 'macro-F1', value: '0.983' }`. */
export interface ReportFact {
  /** What the value is. */
  readonly name: string;
  /** The value, formatted. */
  readonly value: string;
}

/** A labelled span of time. */
export interface ReportSegment {
  /** Start (s). */
  readonly startSec: number;
  /** End (s), exclusive. */
  readonly endSec: number;
  /** The class name of this span; one of {@link ReportData.classNames}. */
  readonly className: string;
}

/** A three-axis sensor trace (downsampled for display) with the label segments drawn behind it. */
export interface ReportTrace {
  /** The figure's caption, e.g. `Magnetometer (calibrated), recording-003`. */
  readonly title: string;
  /** The unit of the values, e.g. `µT`. */
  readonly unit: string;
  /** Sample times (s). */
  readonly timeSec: readonly number[];
  /** X-axis values, one per time. */
  readonly x: readonly number[];
  /** Y-axis values, one per time. */
  readonly y: readonly number[];
  /** Z-axis values, one per time. */
  readonly z: readonly number[];
  /** The labels drawn as coloured bands behind the trace. */
  readonly segments: readonly ReportSegment[];
}

/** One spectrogram image. */
export interface ReportSpectrogram {
  /** The class of the window it shows. */
  readonly className: string;
  /** A caption, e.g. `window 12.0–14.0 s of recording-001`. */
  readonly caption: string;
  /** The PNG image, base64 (as `spectrogramToPng` from `@tsc/spectrogram` produces it). */
  readonly pngBase64: string;
}

/** One point of a training curve. */
export interface ReportTrainingPoint {
  /** Optimiser step at which the value was measured. */
  readonly step: number;
  /** `train` (running value over recent batches) or `validation`. */
  readonly split: 'train' | 'validation';
  /** Cross-entropy loss. */
  readonly loss: number;
  /** Accuracy in [0, 1], when measured. */
  readonly accuracy?: number;
}

/** The training history. */
export interface ReportTraining {
  /** Curve points, any order. */
  readonly points: readonly ReportTrainingPoint[];
}

/** Precision, recall and F1 of one class. */
export interface ReportClassMetrics {
  /** The class. */
  readonly className: string;
  /** Precision in [0, 1]. */
  readonly precision: number;
  /** Recall in [0, 1]. */
  readonly recall: number;
  /** F1 in [0, 1]. */
  readonly f1: number;
  /** Number of held-out windows of this class. */
  readonly support: number;
}

/** Held-out evaluation results. */
export interface ReportEvaluation {
  /** Accuracy in [0, 1]. */
  readonly accuracy: number;
  /** Macro-averaged F1 in [0, 1]. */
  readonly macroF1: number;
  /** Confusion counts, `matrix[truth][predicted]`, in label-id order. */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** Per-class metrics in label-id order. */
  readonly perClass: readonly ReportClassMetrics[];
}

/** A predicted window of the classified recording. */
export interface ReportPrediction extends ReportSegment {
  /** The probability of the predicted class, in [0, 1]. */
  readonly confidence: number;
}

/** Predictions of one recording against its labels. */
export interface ReportTimeline {
  /** The recording's name. */
  readonly recording: string;
  /** The true label segments. */
  readonly truth: readonly ReportSegment[];
  /** One entry per classified window. */
  readonly predictions: readonly ReportPrediction[];
}

/** One detector on one data set, in the report's comparison table. */
export interface ReportComparisonRow {
  /** `model` or a physics rule (`norm-dip`, `field-consistency`, `deviation-bound`). */
  readonly detector: string;
  /** What it was measured on. */
  readonly dataset: string;
  /** 3-class macro-F1. */
  readonly macroF1: number;
  /** Disturbed-vs-none balanced accuracy. */
  readonly balancedAccuracy: number;
  /** Share of disturbed windows caught. */
  readonly truePositiveRate: number;
  /** Share of undisturbed windows kept. */
  readonly trueNegativeRate: number;
  /** ROC-AUC of 1 − P(none); `null` when one class is absent. */
  readonly rocAuc: number | null;
  /** Disturbed windows. */
  readonly positives: number;
  /** Undisturbed windows. */
  readonly negatives: number;
}
