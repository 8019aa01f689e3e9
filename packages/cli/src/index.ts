// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/cli`: the `tscls` command line, and what its commands are made of, for use in-process.

// ---- running tscls: in-process, with its exit codes and where it writes ----
export { EXIT_CODES, runCli } from './run-cli.js';
export { createProgram, version } from './program.js';
export type { CapturedIo, CliIo } from './cli-io.js';
export { captureIo, processIo } from './cli-io.js';

// ---- the demo pipeline as a function: the library stages, plus the report and the upload ----
export type {
  PipelineOptions,
  PipelineOutput,
  PipelineProgress,
  PipelineResult,
  PipelineStage,
  PipelineWindowCounts,
} from './pipeline/run-pipeline.js';
export { runPipeline } from './pipeline/run-pipeline.js';
export { formatPipelineSummary } from './pipeline/format-summary.js';

// ---- the report: HTML and figures from a plain ReportData object ----
export type {
  ReportClassMetrics,
  ReportComparisonRow,
  ReportData,
  ReportEvaluation,
  ReportFact,
  ReportPrediction,
  ReportSegment,
  ReportSpectrogram,
  ReportTimeline,
  ReportTrace,
  ReportTraining,
  ReportTrainingPoint,
} from './report/report-data.js';
export type { DetectorComparisonRow } from '@tsc/ast-model';
export type { ReportFigure } from './report/render-report.js';
export { renderReportFigures, renderReportHtml } from './report/render-report.js';
export { writeReport } from './report/write-report.js';
export { renderVegaLiteSvg } from './report/render-svg.js';

// ---- errors: a usage error (exit code 2), a file the command cannot use, a step that failed (exit code 1) ----
export { CliCommandError, CliFileError, CliUsageError } from './errors.js';
export type { CliFileErrorOptions } from './errors.js';
export { InvalidArgumentError, TscError } from '@tsc/errors';
