import { relative } from 'node:path';
import { formatBinary, formatMetrics } from '../features/format-metrics.js';
import { modelVerdicts } from '../report/model-verdict.js';
import { comparisonRows } from './demo-report.js';
import type { PipelineResult } from './run-pipeline.js';

/**
 * What `pnpm demo` and `tscls demo` print at the end: the held-out macro-F1, the confusion matrix and where every
 * output is.
 *
 * @param cwd - paths are shown relative to this folder. Defaults to the current folder.
 */
export function formatPipelineSummary(result: PipelineResult, cwd: string = process.cwd()): string {
  const { train, validation, test } = result.windowCounts;
  const lines = [
    `held-out test (${test} windows of recordings never seen in training; ${train} train, ${validation} validation):`,
    formatMetrics(result.testMetrics, result.classNames),
    `fresh recording: ${(100 * result.freshAgreement).toFixed(1)} % of its windows classified as their true level`,
    '',
    'the model beside the physics baselines (same windows; disturbed vs none):',
    ...result.comparison.map(
      ({ dataset, detector, metrics }) =>
        `  ${dataset.padEnd(18)} ${detector.padEnd(17)} macro-F1 ${metrics.macroF1.toFixed(3)}  ${formatBinary(metrics.binary)}`,
    ),
    'the model against the best rule:',
    ...modelVerdicts(comparisonRows(result.comparison)).map((verdict) => `  ${verdict}`),
    '',
    `outputs (${result.storeKind === 'local' ? 'uploaded to the local project store' : 'uploaded to Nstrumenta'}):`,
  ];
  const width = Math.max(...result.outputs.map((output) => output.name.length));
  for (const output of result.outputs) {
    const shown = relative(cwd, output.path);
    const local = shown === '' ? '.' : shown.startsWith('..') ? output.path : shown;
    lines.push(
      `  ${output.name.padEnd(width)}  ${local}${output.remotePath === undefined ? '' : `  →  ${output.remotePath}`}`,
    );
  }
  lines.push(
    '',
    `done in ${result.durationSec.toFixed(0)} s on the ${result.backend} backend (training ${result.trainingSec.toFixed(0)} s)`,
  );
  return `${lines.join('\n')}\n`;
}
