import type { TopLevelSpec } from 'vega-lite';
import type { ReportEvaluation, ReportTimeline, ReportTrace, ReportTraining } from './report-data.js';

/** Colours per class, in label-id order (none → green, low → amber, high → red, then more). */
const CLASS_PALETTE = ['#2ca25f', '#f0a020', '#d7301f', '#3182bd', '#756bb1', '#636363', '#e377c2', '#8c564b'];

const AXIS_PALETTE = ['#1f3a93', '#7d3c98', '#117a65'];

function classScale(classNames: readonly string[]) {
  return {
    domain: [...classNames],
    range: classNames.map((_, index) => CLASS_PALETTE[index % CLASS_PALETTE.length] as string),
  };
}

const width = 760;

/** A sensor trace: three axis lines over coloured label bands. */
export function traceChart(trace: ReportTrace, classNames: readonly string[]): TopLevelSpec {
  const samples: { t: number; axis: string; value: number }[] = [];
  const axes = [
    ['x', trace.x],
    ['y', trace.y],
    ['z', trace.z],
  ] as const;
  for (const [axis, values] of axes) {
    for (let i = 0; i < trace.timeSec.length; i++) {
      samples.push({ t: trace.timeSec[i] as number, axis, value: values[i] as number });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 200,
    layer: [
      {
        data: { values: trace.segments.map((segment) => ({ ...segment })) },
        mark: { type: 'rect', opacity: 0.25 },
        encoding: {
          x: { field: 'startSec', type: 'quantitative', title: 'time (s)' },
          x2: { field: 'endSec' },
          color: { field: 'className', type: 'nominal', title: 'label', scale: classScale(classNames) },
        },
      },
      {
        data: { values: samples },
        mark: { type: 'line', strokeWidth: 1 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (s)' },
          y: { field: 'value', type: 'quantitative', title: trace.unit, scale: { zero: false } },
          stroke: {
            field: 'axis',
            type: 'nominal',
            title: 'axis',
            scale: { domain: ['x', 'y', 'z'], range: AXIS_PALETTE },
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** Training and validation curves: one panel for loss, one for accuracy. */
export function trainingCharts(training: ReportTraining): TopLevelSpec[] {
  const points = training.points.map((point) => ({ ...point }));
  const metric = (field: 'loss' | 'accuracy', title: string): TopLevelSpec => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 360,
    height: 220,
    title,
    data: { values: points.filter((point) => typeof point[field] === 'number') },
    mark: { type: 'line', point: { size: 20 } },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: {
        field,
        type: 'quantitative',
        title: field,
        ...(field === 'accuracy' ? { scale: { domain: [0, 1] } } : {}),
      },
      color: {
        field: 'split',
        type: 'nominal',
        title: 'split',
        scale: { domain: ['train', 'validation'], range: ['#3182bd', '#e6550d'] },
      },
    },
  });
  return [metric('loss', 'Loss'), metric('accuracy', 'Accuracy')];
}

/** The confusion matrix as a heat map with counts, truth on the rows. */
export function confusionChart(evaluation: ReportEvaluation, classNames: readonly string[]): TopLevelSpec {
  const cells: { truth: string; predicted: string; count: number; share: number }[] = [];
  evaluation.confusionMatrix.forEach((row, truthIndex) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    row.forEach((count, predictedIndex) => {
      cells.push({
        truth: classNames[truthIndex] ?? String(truthIndex),
        predicted: classNames[predictedIndex] ?? String(predictedIndex),
        count,
        share: total === 0 ? 0 : count / total,
      });
    });
  });
  const axis = { sort: [...classNames] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 60 * classNames.length + 40,
    height: 60 * classNames.length + 40,
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', title: 'predicted', ...axis, axis: { labelAngle: 0 } },
      y: { field: 'truth', type: 'nominal', title: 'truth', ...axis },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            title: 'row share',
            scale: { scheme: 'blues', domain: [0, 1] },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 14 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/** Precision, recall and F1 per class as grouped bars. */
export function perClassChart(evaluation: ReportEvaluation): TopLevelSpec {
  const values = evaluation.perClass.flatMap((metrics) => [
    { className: metrics.className, metric: 'precision', value: metrics.precision },
    { className: metrics.className, metric: 'recall', value: metrics.recall },
    { className: metrics.className, metric: 'F1', value: metrics.f1 },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 360,
    height: 220,
    data: { values },
    mark: 'bar',
    encoding: {
      x: {
        field: 'className',
        type: 'nominal',
        title: 'class',
        sort: evaluation.perClass.map((m) => m.className),
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'metric', type: 'nominal', sort: ['precision', 'recall', 'F1'] },
      y: { field: 'value', type: 'quantitative', title: 'value', scale: { domain: [0, 1] } },
      color: {
        field: 'metric',
        type: 'nominal',
        title: 'metric',
        sort: ['precision', 'recall', 'F1'],
        scale: { range: ['#9ecae1', '#4292c6', '#08519c'] },
      },
    },
  };
}

/** Truth and prediction as two rows of coloured spans, prediction opacity by confidence. */
export function timelineChart(timeline: ReportTimeline, classNames: readonly string[]): TopLevelSpec {
  const rows = [
    ...timeline.truth.map((segment) => ({ ...segment, row: 'truth', confidence: 1 })),
    ...timeline.predictions.map((prediction) => ({ ...prediction, row: 'predicted' })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 90,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'startSec', type: 'quantitative', title: 'time (s)' },
      x2: { field: 'endSec' },
      y: { field: 'row', type: 'nominal', title: null, sort: ['truth', 'predicted'] },
      color: { field: 'className', type: 'nominal', title: 'class', scale: classScale(classNames) },
      opacity: { field: 'confidence', type: 'quantitative', title: 'confidence', scale: { domain: [0, 1] } },
      tooltip: [
        { field: 'row', type: 'nominal' },
        { field: 'className', type: 'nominal' },
        { field: 'startSec', type: 'quantitative', format: '.2f' },
        { field: 'confidence', type: 'quantitative', format: '.2f' },
      ],
    },
  };
}
