import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type AstClassifier,
  type AstPresetName,
  buildLabelledDataset,
  type ClassificationMetrics,
  type ClassifyRecordingResult,
  classifyRecording,
  compareDetectors,
  type DetectorComparisonRow,
  DISTORTION_ENSEMBLE_SIZE,
  initializeBackend,
  type LabelledDataset,
  type LabelledRecording,
  type SensorFeatureSettings,
  sensorFeatureSettings,
  splitForValidation,
  stratifiedSplit,
  TRAINING_DEFAULTS,
  type TrainDistortionModelResult,
  trainDistortionModel,
  truthAgreement,
} from '@tsc/ast-model';
import {
  packModelArchive,
  readLabelledRecordings,
  readPhoneLogRecordings,
  saveModelDirectory,
  workerThreadGradients,
} from '@tsc/ast-model/node';
import {
  calibratedRecording,
  DEFAULT_MAX_MEMORY_BYTES,
  DISTORTION_LEVELS,
  distortionClassNames,
  type ImuRecording,
  type LabelsFile,
} from '@tsc/mcap-utils';
import { readRecordingFile, writeClassificationFile, writeFileAtomic, writeLabelsFile } from '@tsc/mcap-utils/node';
import { openProjectStore, type ProjectDataStore } from '@tsc/nstrumenta';
import { createMixedLevelsPlan } from '@tsc/synthetic';
import { type DatasetManifest, generateDataset, generateToFiles } from '@tsc/synthetic/node';
import { trainingStatus } from '../features/training-status.js';
import type { ReportData } from '../report/report-data.js';
import { writeReport } from '../report/write-report.js';
import { demoReport } from './demo-report.js';

/** A pipeline stage, for progress reports. */
export type PipelineStage = 'generate' | 'spectrogram' | 'train' | 'classify' | 'report' | 'upload';

/** What {@link PipelineOptions.onProgress} receives. */
export interface PipelineProgress {
  /** The running stage. */
  readonly stage: PipelineStage;
  /** Units done in this stage (recordings, steps, windows, files). */
  readonly done: number;
  /** Units in this stage. */
  readonly total: number;
  /** A short status, e.g. `loss 0.21 val macro-F1 0.98`. */
  readonly status?: string;
}

/** Options of {@link runPipeline}. Every default is what `pnpm demo` and `tscls demo` use. */
export interface PipelineOptions {
  /** Folder for every output (dataset, model, fresh recording, report, local store). Defaults to `.tsc-demo`. */
  outputDir?: string;
  /** Master seed of the dataset, split and training: the same seed gives the same run. Defaults to 1. */
  seed?: number;
  /** Recordings in the generated dataset (balanced over none/low/high). Defaults to 120. */
  recordings?: number;
  /** Length of each recording (s). Defaults to 60. */
  durationSec?: number;
  /** The model's sample rate (Hz): every recording is resampled to it. Defaults to 100. */
  sampleRateHz?: number;
  /** Window length (s). Defaults to 2 (`DEFAULT_SENSOR_FEATURE_SETTINGS` of `@tsc/ast-model`). */
  windowSec?: number;
  /** Step between windows (s). Defaults to 1. */
  hopSec?: number;
  /**
   * A folder of real recordings with measured truth (phone sensor logs `<name>.json(.gz)` with `<name>.labels.json`,
   * such as the repository's `fixtures/broad-dev`): the model and the physics baselines are scored on them too, and
   * the report shows the figures. Defaults to none.
   */
  realDataDir?: string;
  /** Share of the recordings held out for the final evaluation. Defaults to 0.2. */
  testFraction?: number;
  /**
   * Share of the training recordings held apart, whole, for validation during training (model selection and early
   * stopping). Defaults to 0.15.
   */
  validationFraction?: number;
  /** The model preset of `@tsc/ast-model`. Defaults to `'sensor'`. */
  preset?: AstPresetName;
  /**
   * Models trained from consecutive seeds (the run's seed first) and averaged into the one classifier
   * (`trainDistortionModel`). Defaults to `DISTORTION_ENSEMBLE_SIZE` of `@tsc/ast-model` (3).
   */
  ensembleSize?: number;
  /** Passes over the training windows (fewer with early stopping). Defaults to 16. */
  epochs?: number;
  /** Optimizer steps; overrides `epochs`. Defaults to none. */
  maxSteps?: number;
  /** Windows per training step, and per forward pass when classifying the fresh recording. Defaults to 32. */
  batchSize?: number;
  /**
   * The most memory the data a run sizes may hold (bytes): each generated recording and the dataset's manifest
   * (`generateDataset`, `generateToFiles` of `@tsc/synthetic`), each training recording's windows and the training
   * dataset's spectrogram features (`buildLabelledDataset` of `@tsc/ast-model`); a size past it is refused with
   * `MemoryLimitError`. Defaults to `DEFAULT_MAX_MEMORY_BYTES` of `@tsc/mcap-utils` (4 GiB).
   */
  maxMemoryBytes?: number;
  /** Train data-parallel on every core (worker threads) when the backend is wasm or cpu. Defaults to `true`. */
  dataParallel?: boolean;
  /** Model id, used in the archive name `<modelId>.model.tar.gz`. Defaults to `MAG_DIST_DEMO`. */
  modelId?: string;
  /**
   * Where results are uploaded. Defaults to `openProjectStore` of `@tsc/nstrumenta`: Nstrumenta when `apiKey` is
   * set, else a local project store in `<outputDir>/store`.
   */
  store?: ProjectDataStore;
  /** Nstrumenta API key for the default store. Defaults to the `NSTRUMENTA_API_KEY` environment variable. */
  apiKey?: string;
  /** Remote folder of the uploads, relative to the project's `data/`. Defaults to `tsc-demo/seed-<seed>`. */
  remotePrefix?: string;
  /** Called as each stage advances. Defaults to none. */
  onProgress?: (progress: PipelineProgress) => void;
}

/** A named output of a run: a local path and, when uploaded, its remote path. */
export interface PipelineOutput {
  /** What it is, e.g. `report`. */
  readonly name: string;
  /** The local file or folder. */
  readonly path: string;
  /** The remote path (relative to `data/`) in the store, when uploaded. */
  readonly remotePath?: string;
}

/** Windows in each split of a pipeline run. */
export interface PipelineWindowCounts {
  /** Training windows. */
  readonly train: number;
  /** Validation windows (model selection and early stopping). */
  readonly validation: number;
  /** Held-out test windows, from recordings never used in training or validation. */
  readonly test: number;
}

/** What {@link runPipeline} returns. */
export interface PipelineResult {
  /** Class names shown to people, in label-id order (`none`, `low`, `high`). */
  readonly classNames: readonly string[];
  /** Metrics on the held-out recordings (never seen in training or validation). */
  readonly testMetrics: ClassificationMetrics;
  /** Metrics of the kept model on the validation recordings. */
  readonly validationMetrics: ClassificationMetrics | undefined;
  /** Fraction of the fresh recording's label-pure windows classified as their true label. */
  readonly freshAgreement: number;
  /** Windows used in each split. */
  readonly windowCounts: PipelineWindowCounts;
  /** The model beside the physics baselines, on the held-out recordings and on the real recordings when given. */
  readonly comparison: readonly DetectorComparisonRow[];
  /** Every output. */
  readonly outputs: readonly PipelineOutput[];
  /** `local` or `remote` (Nstrumenta). */
  readonly storeKind: 'local' | 'remote';
  /** The report data (also written as `report.json`). */
  readonly report: ReportData;
  /** Wall time of the run (s). */
  readonly durationSec: number;
  /** The TensorFlow.js backend that ran (`tensorflow` when tfjs-node loads, else `wasm`). */
  readonly backend: string;
  /** Wall time of training every member (s). */
  readonly trainingSec: number;
}

/** Every option of a run with its default filled in, and the output paths. */
type PipelineRun = Required<Omit<PipelineOptions, 'realDataDir' | 'maxSteps' | 'store' | 'apiKey'>> &
  Pick<PipelineOptions, 'realDataDir' | 'maxSteps' | 'store' | 'apiKey'> & {
    readonly paths: ReturnType<typeof outputPaths>;
    readonly settings: SensorFeatureSettings;
    readonly started: number;
  };

/** Where a run writes each output. */
function outputPaths(root: string, modelId: string) {
  return {
    root,
    dataset: join(root, 'dataset'),
    model: join(root, 'model'),
    archive: join(root, `${modelId}.model.tar.gz`),
    fresh: join(root, 'fresh', 'fresh.mcap'),
    freshLabels: join(root, 'fresh', 'fresh.labels.json'),
    freshExperiment: join(root, 'fresh', 'fresh.experiment.json'),
    classification: join(root, 'fresh', 'fresh.classification.mcap'),
    predictedLabels: join(root, 'fresh', 'fresh.predicted.labels.json'),
    metrics: join(root, 'metrics.json'),
    report: join(root, 'report.html'),
    reportData: join(root, 'report.json'),
    store: join(root, 'store'),
  };
}

/** The options with their defaults (what `pnpm demo` and `tscls demo` use). */
function resolveRun(options: PipelineOptions): PipelineRun {
  const { outputDir = '.tsc-demo', seed = 1, modelId = 'MAG_DIST_DEMO', sampleRateHz = 100 } = options;
  const { windowSec = 2, hopSec = 1 } = options;
  return {
    outputDir,
    seed,
    recordings: 120,
    durationSec: 60,
    testFraction: 0.2,
    validationFraction: 0.15,
    preset: 'sensor',
    ensembleSize: DISTORTION_ENSEMBLE_SIZE,
    epochs: TRAINING_DEFAULTS.epochs,
    batchSize: TRAINING_DEFAULTS.batchSize,
    maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES,
    dataParallel: true,
    remotePrefix: `tsc-demo/seed-${seed}`,
    onProgress: () => {},
    ...definedOptions(options),
    modelId,
    sampleRateHz,
    windowSec,
    hopSec,
    paths: outputPaths(resolve(outputDir), modelId),
    settings: sensorFeatureSettings({ windowSec, hopSec, sampleRateHz }),
    started: performance.now(),
  };
}

/** The options that are set (an explicit `undefined` keeps the default). */
function definedOptions(options: PipelineOptions): Partial<PipelineOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * The whole pipeline, composed from the packages' stages, as `examples/train-and-classify` composes them: generate a
 * labelled dataset (`generateDataset` of `@tsc/synthetic`), hold whole recordings out for the test
 * (`stratifiedSplit`), cut windows and compute sensor spectrograms (`buildLabelledDataset` of `@tsc/ast-model`),
 * train with validation on recordings held apart (`splitForValidation`, `trainDistortionModel`), score the model
 * beside the physics baselines (`compareDetectors`), save and pack the model, classify a fresh recording with every
 * level in it (`createMixedLevelsPlan`, `classifyRecording`), write the HTML report, and upload the results
 * (`openProjectStore` of `@tsc/nstrumenta`).
 *
 * @example
 * ```ts
 * import { runPipeline } from '@tsc/cli';
 *
 * // a small run (the demo's defaults are 120 recordings of 60 s and 16 epochs: held-out macro-F1 ≈ 0.88)
 * const result = await runPipeline({ outputDir: 'demo', seed: 1, recordings: 9, durationSec: 10, maxSteps: 3, dataParallel: false, apiKey: '' });
 * console.log(result.testMetrics.macroF1); // low after 3 steps
 * ```
 */
export async function runPipeline(options: PipelineOptions = {}): Promise<PipelineResult> {
  const run = resolveRun(options);
  // The store first: a rejected API key fails here, not after the whole pipeline has run.
  const store =
    run.store ??
    openProjectStore({ ...(run.apiKey === undefined ? {} : { apiKey: run.apiKey }), localRoot: run.paths.store });
  if (store.kind === 'remote') await store.getProject();
  const manifest = await generateStage(run);
  const split = stratifiedSplit(
    manifest.recordings.map((entry) => DISTORTION_LEVELS.indexOf(entry.level)),
    { seed: run.seed, validationFraction: 0, testFraction: run.testFraction },
  );
  const pick = (indices: Int32Array) => Array.from(indices, (index) => manifest.recordings[index]!);
  const pool = await datasetStage(run, pick(split.train));
  const { train, validation } = splitForValidation(pool, {
    seed: run.seed,
    validationFraction: run.validationFraction,
  });
  const { backend } = await initializeBackend();
  const trained = await trainStage(run, train.dataset, validation.dataset);
  try {
    const comparison = await evaluateStage(run, trained.classifier, pick(split.test));
    await saveStage(run, trained, comparison);
    const fresh = await freshStage(run, trained.classifier);
    const context = { run, manifest, pool, trained, comparison, fresh, storeKind: store.kind, split };
    const { report, outputs } = await reportStage(context, {
      train: train.dataset.shape[0],
      validation: validation.dataset.shape[0],
    });
    await uploadStage(run, store, outputs);
    return {
      classNames: distortionClassNames(trained.classifier.labelNames),
      testMetrics: comparison[0]!.metrics,
      validationMetrics: trained.validationMetrics,
      freshAgreement: fresh.agreement,
      comparison,
      windowCounts: {
        train: train.dataset.shape[0],
        validation: validation.dataset.shape[0],
        test: comparison[0]!.metrics.count,
      },
      outputs,
      storeKind: store.kind,
      report,
      durationSec: (performance.now() - run.started) / 1000,
      backend,
      trainingSec: trained.durationSec,
    };
  } finally {
    trained.classifier.dispose();
  }
}

/** 1. A labelled dataset: levels balanced and independent of motion and distortion kind. */
function generateStage(run: PipelineRun): Promise<DatasetManifest> {
  return generateDataset({
    outputDir: run.paths.dataset,
    // the demo's own folder: a rerun replaces the dataset of the previous run
    replace: true,
    count: run.recordings,
    durationSec: run.durationSec,
    seed: run.seed,
    maxMemoryBytes: run.maxMemoryBytes,
    onProgress: ({ completed, total, name }) =>
      run.onProgress({ stage: 'generate', done: completed, total, status: name }),
  });
}

/** 2. Windows and their spectrograms, from the training recordings, read one at a time and only the topics needed. */
function datasetStage(run: PipelineRun, files: DatasetManifest['recordings']): Promise<LabelledDataset> {
  return buildLabelledDataset(readLabelledRecordings(files, { settings: run.settings }), run.settings, {
    maxMemoryBytes: run.maxMemoryBytes,
    onProgress: (done) => run.onProgress({ stage: 'spectrogram', done, total: run.recordings }),
  });
}

/** 3. Train, keeping the weights of the best validation macro-F1. */
function trainStage(
  run: PipelineRun,
  train: LabelledDataset['dataset'],
  validation: LabelledDataset['dataset'],
): Promise<TrainDistortionModelResult> {
  const status = trainingStatus();
  return trainDistortionModel({
    train,
    validation,
    settings: run.settings,
    preset: run.preset,
    ensembleSize: run.ensembleSize,
    options: {
      seed: run.seed,
      batchSize: run.batchSize,
      epochs: run.epochs,
      ...(run.maxSteps === undefined ? {} : { maxSteps: run.maxSteps }),
      ...(run.dataParallel ? { dataParallel: workerThreadGradients() } : {}),
    },
    onProgress: (progress) => {
      run.onProgress({ stage: 'train', done: progress.step, total: progress.totalSteps, status: status(progress) });
    },
  });
}

/** 4. The model beside the physics baselines on the held-out recordings, and on the real ones when given. */
async function evaluateStage(
  run: PipelineRun,
  classifier: AstClassifier,
  files: DatasetManifest['recordings'],
): Promise<DetectorComparisonRow[]> {
  const heldOut: LabelledRecording[] = [];
  for await (const recording of readLabelledRecordings(files)) heldOut.push(recording);
  const comparison = compareDetectors(classifier, heldOut, 'synthetic held-out');
  if (run.realDataDir !== undefined) {
    comparison.push(...compareDetectors(classifier, await readPhoneLogRecordings(run.realDataDir), 'real recordings'));
  }
  return comparison;
}

/** 5. The model folder, its archive and the metrics. */
async function saveStage(
  run: PipelineRun,
  trained: TrainDistortionModelResult,
  comparison: readonly DetectorComparisonRow[],
) {
  const { paths, modelId } = run;
  const test = comparison[0]!.metrics;
  await saveModelDirectory(paths.model, trained.classifier, {
    modelId,
    metrics: { validation: trained.validationMetrics, test },
    history: trained.members.map((member) => member.history),
  });
  await packModelArchive(paths.model, paths.archive);
  const metrics = { test, validation: trained.validationMetrics, comparison };
  await writeFileAtomic(paths.metrics, `${JSON.stringify(metrics, null, 2)}\n`);
}

/** What the fresh recording gave. */
export interface FreshRecordingResult {
  /** The generated recording, calibrated once (what the model and the report's traces read). */
  readonly recording: ImuRecording;
  /** Its true labels. */
  readonly truth: LabelsFile;
  /** The classification, with each window's truth. */
  readonly classification: ClassifyRecordingResult;
  /** Share of its labelled windows classified as their true level. */
  readonly agreement: number;
}

/** 6. A fresh recording with every level in it, classified window by window; the generated data is used as it is. */
async function freshStage(run: PipelineRun, classifier: AstClassifier): Promise<FreshRecordingResult> {
  const { paths } = run;
  await mkdir(dirname(paths.fresh), { recursive: true });
  const { generated } = await generateToFiles(
    createMixedLevelsPlan({ sampleRateHz: run.sampleRateHz, seed: run.seed + 1_000_003 }),
    {
      outputPath: paths.fresh,
      labelsPath: paths.freshLabels,
      experimentPath: paths.freshExperiment,
      name: 'fresh',
      maxMemoryBytes: run.maxMemoryBytes,
    },
  );
  // written block by block, not held: read back (the same doubles: the MCAP bodies round-trip exactly)
  const recording = calibratedRecording(await readRecordingFile(paths.fresh));
  const classification = classifyRecording(recording, classifier, {
    batchSize: run.batchSize,
    labels: generated.labels.events,
    onProgress: ({ windowsDone, windowsTotal }) =>
      run.onProgress({ stage: 'classify', done: windowsDone, total: windowsTotal }),
  });
  await writeClassificationFile(paths.classification, classification.messages);
  await writeLabelsFile(paths.predictedLabels, { events: classification.events });
  return { recording, truth: generated.labels, classification, agreement: truthAgreement(classification) };
}

/** Everything the report and the outputs list are drawn from. */
interface RunContext {
  readonly run: PipelineRun;
  readonly manifest: DatasetManifest;
  readonly pool: LabelledDataset;
  readonly trained: TrainDistortionModelResult;
  readonly comparison: readonly DetectorComparisonRow[];
  readonly fresh: FreshRecordingResult;
  readonly storeKind: 'local' | 'remote';
  readonly split: { readonly train: Int32Array; readonly test: Int32Array };
}

/** Every output of a run, with the remote path of those uploaded. */
function runOutputs({ paths, modelId, remotePrefix }: PipelineRun): PipelineOutput[] {
  const remote = (name: string) => `${remotePrefix}/${name}`;
  return [
    { name: 'report', path: paths.report, remotePath: remote('report.html') },
    { name: 'report data', path: paths.reportData },
    { name: 'model folder', path: paths.model },
    { name: 'model archive', path: paths.archive, remotePath: remote(`${modelId}.model.tar.gz`) },
    { name: 'metrics', path: paths.metrics, remotePath: remote('metrics.json') },
    { name: 'dataset', path: paths.dataset },
    { name: 'fresh recording', path: paths.fresh, remotePath: remote('fresh.mcap') },
    { name: 'fresh labels (truth)', path: paths.freshLabels, remotePath: remote('fresh.labels.json') },
    { name: 'classification', path: paths.classification, remotePath: remote('fresh.classification.mcap') },
    { name: 'predicted labels', path: paths.predictedLabels, remotePath: remote('fresh.predicted.labels.json') },
  ];
}

/** 7. The report (`report.json` and the self-contained `report.html`). */
async function reportStage(
  context: RunContext,
  windowCounts: { train: number; validation: number },
): Promise<{ report: ReportData; outputs: PipelineOutput[] }> {
  const { run } = context;
  run.onProgress({ stage: 'report', done: 0, total: 1 });
  const outputs = runOutputs(run);
  const report = demoReport({
    ...context,
    ...run,
    windowCounts,
    durationRunSec: (performance.now() - run.started) / 1000,
    outputs: outputs.map((output) => ({
      name: output.name,
      value:
        output.remotePath === undefined
          ? output.path
          : `${output.path} → ${context.storeKind === 'local' ? 'local store' : 'Nstrumenta'}: ${output.remotePath}`,
    })),
  });
  await writeFileAtomic(run.paths.reportData, JSON.stringify(report));
  await writeReport(run.paths.report, report);
  run.onProgress({ stage: 'report', done: 1, total: 1 });
  return { report, outputs };
}

/** 8. Results to the project store (Nstrumenta with a key, else the local store). */
async function uploadStage(run: PipelineRun, store: ProjectDataStore, outputs: PipelineOutput[]): Promise<void> {
  const uploads = outputs.filter((output) => output.remotePath !== undefined);
  for (const [index, output] of uploads.entries()) {
    await store.upload(output.path, output.remotePath!, { overwrite: true });
    run.onProgress({ stage: 'upload', done: index + 1, total: uploads.length, status: output.remotePath });
  }
  if (store.kind === 'local') outputs.push({ name: 'local store', path: run.paths.store });
}
