import type {
  DetectorComparisonRow,
  LabelledDataset,
  SensorFeatureSettings,
  TrainDistortionModelResult,
} from '@tsc/ast-model';
import { type ClassificationMessage, distortionClassNames, type ImuRecording, type LabelsFile } from '@tsc/mcap-utils';
import type { DatasetManifest } from '@tsc/synthetic/node';
import type { ReportComparisonRow, ReportData, ReportFact } from '../report/report-data.js';
import {
  exampleSpectrograms,
  labelSegments,
  predictionBars,
  reportEvaluation,
  sensorTrace,
  trainingCurves,
} from './report-builder.js';
import { trainingDataFacts } from './training-data-facts.js';

/** What the demo's report is drawn from: the run's settings and the results of the pipeline's stages. */
export interface DemoReportInput {
  readonly seed: number;
  readonly recordings: number;
  readonly durationSec: number;
  readonly sampleRateHz: number;
  readonly windowSec: number;
  readonly hopSec: number;
  readonly preset: string;
  readonly settings: SensorFeatureSettings;
  readonly manifest: DatasetManifest;
  readonly split: { readonly train: Int32Array; readonly test: Int32Array };
  readonly pool: LabelledDataset;
  readonly windowCounts: { readonly train: number; readonly validation: number };
  readonly trained: TrainDistortionModelResult;
  readonly comparison: readonly DetectorComparisonRow[];
  readonly fresh: {
    readonly recording: ImuRecording;
    readonly truth: LabelsFile;
    readonly classification: { readonly messages: readonly ClassificationMessage[] };
    readonly agreement: number;
  };
  readonly durationRunSec: number;
  readonly outputs: readonly ReportFact[];
}

/** The summary facts at the top of the report. */
/** The comparison of the model and the rules as the report shows it: one flat row of figures per detector and data set. */
export function comparisonRows(comparison: readonly DetectorComparisonRow[]): ReportComparisonRow[] {
  return comparison.map(({ detector, dataset, metrics }) => ({
    detector,
    dataset,
    macroF1: metrics.macroF1,
    ...metrics.binary,
  }));
}

function summaryFacts(input: DemoReportInput): ReportFact[] {
  const { trained, windowCounts, pool } = input;
  const test = input.comparison[0]!.metrics;
  const [, frames, bins] = pool.dataset.shape;
  const { config } = trained.classifier;
  return [
    { name: 'held-out macro-F1', value: test.macroF1.toFixed(3) },
    { name: 'held-out accuracy', value: test.accuracy.toFixed(3) },
    { name: 'fresh recording agreement', value: `${(100 * input.fresh.agreement).toFixed(1)} % of windows` },
    {
      name: 'dataset',
      value: `${input.recordings} recordings × ${input.durationSec} s, resampled to ${input.sampleRateHz} Hz (seed ${input.seed}): ${input.split.train.length} for training and validation, ${input.split.test.length} held out for the test`,
    },
    {
      name: 'windows',
      value: `${input.windowSec} s every ${input.hopSec} s, ${frames} frames × ${bins} bins; ${windowCounts.train} train / ${windowCounts.validation} validation / ${test.count} test`,
    },
    {
      name: 'model',
      value: `AST preset ${input.preset}: hidden ${config.hiddenSize}, ${config.numHiddenLayers} layers; ${membersFact(trained)}`,
    },
    { name: 'run time', value: `${input.durationRunSec.toFixed(0)} s` },
  ];
}

/** How the members trained, e.g. `the mean of 3 models (seeds 1, 2, 3): 940, 1010, 1080 steps in 47 s (the curves are the first's)`. */
function membersFact({ members, durationSec }: TrainDistortionModelResult): string {
  const steps = members.map((member) => member.history.steps.length).join(', ');
  const time = `${steps} steps in ${durationSec.toFixed(0)} s`;
  if (members.length === 1) return `${time} (best step ${members[0]!.history.bestStep})`;
  const seeds = members.map((member) => member.seed).join(', ');
  return `the mean of ${members.length} models (seeds ${seeds}): ${time} (the training curves are the first's)`;
}

/** The caption of an example spectrogram: the window's span, its recording and the channels. */
function windowCaption(input: DemoReportInput, index: number): string {
  const { pool, settings } = input;
  const name = pool.recordingNames[pool.recordingOfWindow[index]!]!;
  const startSec = Number(pool.windowStartNs[index]!) / 1e9;
  const endSec = Number(pool.windowEndNs[index]!) / 1e9;
  const channels = `${(settings.spectrogram.sensors ?? []).join(', ')} + ${(settings.spectrogram.derived ?? []).join(', ')}`;
  return `window ${startSec.toFixed(0)}–${endSec.toFixed(0)} s of ${name} (${channels})`;
}

/** The demo's report: summary, fresh recording traces and timeline, spectrograms, training, evaluation, comparison. */
export function demoReport(input: DemoReportInput): ReportData {
  const { fresh, trained } = input;
  const classNames = distortionClassNames(trained.classifier.labelNames);
  const classNameOf = (label: string) => distortionClassNames([label])[0]!;
  const origin = fresh.recording.topics.get('mag_raw')?.timestampsNs[0] ?? 0n;
  const truth = labelSegments(fresh.truth.events, classNameOf, origin);
  const trace = (sensor: 'mag' | 'acc', title: string, unit: string) =>
    sensorTrace(fresh.recording, sensor, { title, unit, segments: truth });
  return {
    title: 'Magnetic distortion: train and classify',
    generatedAt: new Date().toISOString(),
    classNames,
    summary: summaryFacts(input),
    traces: [
      trace('mag', 'Fresh recording: magnetometer (calibrated)', 'µT'),
      trace('acc', 'Fresh recording: accelerometer (calibrated)', 'm/s²'),
    ],
    spectrograms: exampleSpectrograms(input.pool.dataset, classNames, (index) => windowCaption(input, index)),
    training: trainingCurves(trained.members[0]!.history),
    evaluation: reportEvaluation(input.comparison[0]!.metrics, classNames),
    trainingData: trainingDataFacts(input.manifest),
    comparison: comparisonRows(input.comparison),
    timeline: {
      recording: 'fresh.mcap',
      truth,
      predictions: predictionBars(fresh.classification.messages, classNames, input.hopSec, origin),
    },
    outputs: [...input.outputs],
  };
}
