export type { DetectorComparisonRow } from '@tsc/ast-model';
export { TscError } from '@tsc/errors';
export type { CapturedIo, CliIo } from './cli-io.js';
export { captureIo, processIo } from './cli-io.js';
export { CliCommandError, CliFileError, CliUsageError } from './errors.js';
export { formatPipelineSummary } from './pipeline/format-summary.js';
export type {
  PipelineOptions,
  PipelineOutput,
  PipelineProgress,
  PipelineResult,
  PipelineStage,
  PipelineWindowCounts,
} from './pipeline/run-pipeline.js';
export { runPipeline } from './pipeline/run-pipeline.js';
export { createProgram, version } from './program.js';
export type { ReportFigure } from './report/render-report.js';
export { renderReportFigures, renderReportHtml } from './report/render-report.js';
export { renderVegaLiteSvg } from './report/render-svg.js';
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
export { writeReport } from './report/write-report.js';
export { EXIT_CODES, runCli } from './run-cli.js';
