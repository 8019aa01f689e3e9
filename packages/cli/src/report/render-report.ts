import { modelVerdicts } from './model-verdict.js';
import { renderVegaLiteSvg } from './render-svg.js';
import { confusionChart, perClassChart, timelineChart, traceChart, trainingCharts } from './report-charts.js';
import type { ReportData, ReportFact } from './report-data.js';

/** One figure of the report, rendered. */
export interface ReportFigure {
  /** A stable file-name-safe id, e.g. `confusion-matrix`, `trace-1`. */
  readonly id: string;
  /** The section the figure belongs to. */
  readonly section: 'traces' | 'spectrograms' | 'training' | 'evaluation' | 'timeline';
  /** The figure's caption. */
  readonly caption: string;
  /** `svg`: `content` is SVG markup; `png`: `content` is base64 PNG. */
  readonly format: 'svg' | 'png';
  /** The SVG markup or base64 PNG bytes. */
  readonly content: string;
}

/**
 * Renders every figure of a report: traces, spectrograms, training curves, confusion matrix, per-class metrics and
 * the predicted timeline, in that order. Charts are Vega-Lite rendered to SVG in Node.
 */
export async function renderReportFigures(data: ReportData): Promise<ReportFigure[]> {
  const figures: ReportFigure[] = [];
  for (const [index, trace] of data.traces.entries()) {
    figures.push({
      id: `trace-${index + 1}`,
      section: 'traces',
      caption: trace.title,
      format: 'svg',
      content: await renderVegaLiteSvg(traceChart(trace, data.classNames)),
    });
  }
  for (const [index, spectrogram] of data.spectrograms.entries()) {
    figures.push({
      id: `spectrogram-${index + 1}-${spectrogram.className}`,
      section: 'spectrograms',
      caption: `${spectrogram.className}: ${spectrogram.caption}`,
      format: 'png',
      content: spectrogram.pngBase64,
    });
  }
  if (data.training !== undefined && data.training.points.length > 0) {
    const [loss, accuracy] = trainingCharts(data.training);
    figures.push({
      id: 'training-loss',
      section: 'training',
      caption: 'Loss per step',
      format: 'svg',
      content: await renderVegaLiteSvg(loss!),
    });
    if (data.training.points.some((point) => typeof point.accuracy === 'number')) {
      figures.push({
        id: 'training-accuracy',
        section: 'training',
        caption: 'Accuracy per step',
        format: 'svg',
        content: await renderVegaLiteSvg(accuracy!),
      });
    }
  }
  if (data.evaluation !== undefined) {
    figures.push({
      id: 'confusion-matrix',
      section: 'evaluation',
      caption: 'Confusion matrix of the held-out windows (rows: truth)',
      format: 'svg',
      content: await renderVegaLiteSvg(confusionChart(data.evaluation, data.classNames)),
    });
    figures.push({
      id: 'per-class-metrics',
      section: 'evaluation',
      caption: 'Precision, recall and F1 per class',
      format: 'svg',
      content: await renderVegaLiteSvg(perClassChart(data.evaluation)),
    });
  }
  if (data.timeline !== undefined) {
    figures.push({
      id: 'timeline',
      section: 'timeline',
      caption: `Predicted classes against the truth: ${data.timeline.recording}`,
      format: 'svg',
      content: await renderVegaLiteSvg(timelineChart(data.timeline, data.classNames)),
    });
  }
  return figures;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function factTable(facts: readonly ReportFact[]): string {
  const rows = facts.map((fact) => `<tr><th>${escapeHtml(fact.name)}</th><td>${escapeHtml(fact.value)}</td></tr>`);
  return `<table class="facts">${rows.join('')}</table>`;
}

function figureHtml(figure: ReportFigure): string {
  const body =
    figure.format === 'svg'
      ? figure.content
      : `<img alt="${escapeHtml(figure.caption)}" src="data:image/png;base64,${figure.content}">`;
  return `<figure class="${figure.section}" data-figure="${escapeHtml(figure.id)}">${body}<figcaption>${escapeHtml(figure.caption)}</figcaption></figure>`;
}

const SECTIONS: readonly { key: ReportFigure['section']; title: string; text: string }[] = [
  { key: 'traces', title: 'Sensor traces', text: 'Calibrated sensor values; the bands behind them are the labels.' },
  {
    key: 'spectrograms',
    title: 'Spectrograms per class',
    text: 'One window per class as the model sees it: time to the right, the frequency bins of each channel stacked from the bottom up (channels in the caption), on a fixed log scale.',
  },
  {
    key: 'training',
    title: 'Training',
    text: 'Training (running) and validation loss and accuracy per optimiser step.',
  },
  { key: 'evaluation', title: 'Held-out evaluation', text: 'Windows the model never saw during training.' },
  {
    key: 'timeline',
    title: 'Classifying a fresh recording',
    text: 'The top row is the truth, the bottom row one bar per classified window, its opacity the confidence.',
  },
];

const STYLE = `
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
figure { margin: 1rem 0; display: inline-block; vertical-align: top; }
figure img { image-rendering: pixelated; width: 280px; height: 420px; border: 1px solid #ccc; }
figure.spectrograms { margin-right: 1.2rem; } figure.spectrograms figcaption { max-width: 280px; }
figcaption { font-size: .85rem; color: #555; margin-top: .3rem; }
table { border-collapse: collapse; margin: .8rem 0; } th, td { border: 1px solid #ddd; padding: .3rem .7rem; text-align: left; }
table.metrics td { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #777; font-size: .85rem; }
`;

function perClassTable(data: ReportData): string {
  const evaluation = data.evaluation;
  if (evaluation === undefined) return '';
  const rows = evaluation.perClass.map(
    (metrics) =>
      `<tr><th>${escapeHtml(metrics.className)}</th><td>${metrics.precision.toFixed(3)}</td><td>${metrics.recall.toFixed(3)}</td><td>${metrics.f1.toFixed(3)}</td><td>${metrics.support}</td></tr>`,
  );
  return `<table class="metrics"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${rows.join('')}</tbody><tfoot><tr><th>accuracy</th><td colspan="4">${evaluation.accuracy.toFixed(3)}</td></tr><tr><th>macro-F1</th><td colspan="4">${evaluation.macroF1.toFixed(3)}</td></tr></tfoot></table>`;
}

function comparisonSection(data: ReportData): string {
  const rows = data.comparison;
  if (rows === undefined || rows.length === 0) return '';
  const body = rows.map(
    (row) =>
      `<tr><th>${escapeHtml(row.dataset)}</th><th>${escapeHtml(row.detector)}</th><td>${row.macroF1.toFixed(3)}</td><td>${row.balancedAccuracy.toFixed(3)}</td><td>${row.truePositiveRate.toFixed(3)}</td><td>${row.trueNegativeRate.toFixed(3)}</td><td>${row.rocAuc === null ? '—' : row.rocAuc.toFixed(3)}</td><td>${row.positives} / ${row.negatives}</td></tr>`,
  );
  const verdicts = modelVerdicts(rows).map((verdict) => `<li>${escapeHtml(verdict)}</li>`);
  return `<section id="comparison"><h2>The model beside the physics baselines</h2><p>The same windows for every detector. Balanced accuracy, TPR, TNR and ROC-AUC (of 1 − P(none)) are disturbed-vs-none figures; a model that does not beat the rules has no reason to exist.</p><table class="metrics"><thead><tr><th>data</th><th>detector</th><th>macro-F1</th><th>balanced accuracy</th><th>TPR</th><th>TNR</th><th>ROC-AUC</th><th>disturbed / none</th></tr></thead><tbody>${body.join('')}</tbody></table><p>The model against the best rule:</p><ul>${verdicts.join('')}</ul></section>`;
}

/**
 * Builds the report as one self-contained HTML page: inline CSS, charts as inline SVG, spectrograms as base64 PNG.
 * No scripts and no external resources, so the file can be mailed, uploaded or opened offline.
 *
 * @param data - what to show; sections without data are left out.
 * @returns the HTML document.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { type ReportData, renderReportHtml } from '@tsc/cli';
 *
 * const data: ReportData = {
 *   title: 'Magnetic distortion: run 1',
 *   generatedAt: new Date().toISOString(),
 *   classNames: ['none', 'low', 'high'],
 *   summary: [{ name: 'recordings', value: '12' }],
 *   traces: [],
 *   spectrograms: [],
 *   outputs: [{ name: 'model', value: 'models/MAG_DIST_01' }],
 * };
 * const html = await renderReportHtml(data);
 * await writeFile('report.html', html);
 * ```
 */
export async function renderReportHtml(data: ReportData): Promise<string> {
  const figures = await renderReportFigures(data);
  const sections = SECTIONS.map(({ key, title, text }) => {
    const own = figures.filter((figure) => figure.section === key);
    if (own.length === 0) return '';
    const extra = key === 'evaluation' ? perClassTable(data) : '';
    return `<section id="${key}"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(text)}</p>${extra}${own.map(figureHtml).join('\n')}</section>`;
  });
  const outputs =
    data.outputs.length === 0 ? '' : `<section id="outputs"><h2>Outputs</h2>${factTable(data.outputs)}</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="muted">Generated ${escapeHtml(data.generatedAt)} by tscls.</p>
${factTable(data.summary)}
${comparisonSection(data)}
${data.trainingData === undefined ? '' : `<section id="training-data"><h2>Training data</h2>${factTable(data.trainingData)}</section>`}
${sections.join('\n')}
${outputs}
</body>
</html>
`;
}
