import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type AstPresetName,
  type ClassificationMetrics,
  classifyRecording,
  initializeBackend,
  recordingSplit,
  stratifiedSplit,
  subsetDataset,
  trainAst,
} from '@tsc/ast-model';
import { packModelArchive, saveModelDirectory, workerThreadGradients } from '@tsc/ast-model/node';
import type { ClassificationMessage } from '@tsc/mcap-utils';
import {
  readLabelsFile,
  readRecordingFile,
  writeClassificationFile,
  writeFileAtomic,
  writeLabelsFile,
} from '@tsc/mcap-utils/node';
import { openProjectStore, type ProjectDataStore } from '@tsc/nstrumenta';
import { generateDataset, generateToFiles } from '@tsc/synthetic/node';
import { buildWindowDataset } from '../features/build-dataset.js';
import { displayClassNames } from '../features/class-names.js';
import { resolveFeatureSettings } from '../features/feature-settings.js';
import type { LabelledRecordingFiles } from '../features/labelled-recordings.js';
import { TRAINING_DEFAULTS } from '../features/training-defaults.js';
import type { ReportData, ReportFact } from '../report/report-data.js';
import { writeReport } from '../report/write-report.js';
import {
  compareDetectors,
  convertRealRecordings,
  type DetectorComparisonRow,
  readLabelledRecordings,
} from './compare-detectors.js';
import { freshRecordingPlan } from './fresh-plan.js';
import {
  exampleSpectrograms,
  labelSegments,
  predictionBars,
  reportEvaluation,
  sensorTrace,
  trainingCurves,
} from './report-builder.js';
import { trainingDataFacts } from './training-data-facts.js';

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
  /** Passes over the training windows (fewer with early stopping). Defaults to 16. */
  epochs?: number;
  /** Optimizer steps; overrides `epochs`. Defaults to none. */
  maxSteps?: number;
  /** Windows per training step, and per forward pass when classifying the fresh recording. Defaults to 32. */
  batchSize?: number;
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
  /** Wall time of training (s). */
  readonly trainingSec: number;
}

/**
 * The whole pipeline, composed from the packages: generate a labelled dataset (`@tsc/synthetic`), cut windows and
 * compute sensor spectrograms (`@tsc/mcap-utils`, `@tsc/spectrogram`), train an AST on some recordings and keep
 * others for validation and a final held-out test (`@tsc/ast-model`), save and pack the model, classify a fresh
 * recording with every level in it, write the HTML report, and upload the results (`@tsc/nstrumenta`).
 *
 * @example
 * ```ts
 * import { runPipeline } from '@tsc/cli';
 *
 * // a small run (the demo's defaults are 120 recordings of 60 s and 16 epochs: macro-F1 ≈ 0.98)
 * const result = await runPipeline({ outputDir: 'demo', seed: 1, recordings: 9, durationSec: 10, maxSteps: 3, dataParallel: false, apiKey: '' });
 * console.log(result.testMetrics.macroF1); // low after 3 steps
 * ```
 */
export async function runPipeline({
  outputDir = '.tsc-demo',
  seed = 1,
  recordings = 120,
  durationSec = 60,
  sampleRateHz = 100,
  windowSec = 2,
  hopSec = 1,
  realDataDir,
  testFraction = 0.2,
  validationFraction = 0.15,
  preset = 'sensor',
  epochs = TRAINING_DEFAULTS.epochs,
  maxSteps,
  batchSize = TRAINING_DEFAULTS.batchSize,
  dataParallel = true,
  modelId = 'MAG_DIST_DEMO',
  store,
  apiKey,
  remotePrefix = `tsc-demo/seed-${seed}`,
  onProgress = () => {},
}: PipelineOptions = {}): Promise<PipelineResult> {
  const started = performance.now();
  const root = resolve(outputDir);
  const paths = {
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
  };

  // The store first: a rejected API key fails here, not after the whole pipeline has run.
  const activeStore =
    store ?? openProjectStore({ ...(apiKey === undefined ? {} : { apiKey }), localRoot: join(root, 'store') });
  if (activeStore.kind === 'remote') await activeStore.getProject();

  // 1. A labelled dataset: levels balanced and independent of motion and distortion kind.
  const manifest = await generateDataset({
    outputDir: paths.dataset,
    // the demo's own folder: a rerun replaces the dataset of the previous run
    replace: true,
    count: recordings,
    durationSec,
    seed,
    onProgress: ({ completed, total, name }) => onProgress({ stage: 'generate', done: completed, total, status: name }),
  });

  // 2. Whole recordings are held out for the test, stratified by level: no window of a test recording (nor an
  //    overlapping neighbour of one) is ever seen in training or validation.
  const levels = ['none', 'low', 'high'];
  const split = stratifiedSplit(
    manifest.recordings.map((entry) => levels.indexOf(entry.level)),
    { seed, validationFraction: 0, testFraction },
  );
  const pick = (indices: Int32Array): LabelledRecordingFiles[] =>
    Array.from(indices, (index) => manifest.recordings[index]!);

  // 3. Windows and their spectrograms, labelled from the labels files (windows across a label boundary dropped).
  const settings = resolveFeatureSettings({ windowSec, hopSec, sampleRateHz });
  const labelNames = ['0', '1', '2'];
  let spectrogramsDone = 0;
  const buildOptions = {
    labelNames,
    onProgress: () => onProgress({ stage: 'spectrogram', done: ++spectrogramsDone, total: recordings }),
  };
  const pool = await buildWindowDataset(pick(split.train), settings, buildOptions);
  // validation (keeping the best weights, early stopping) on whole training recordings held apart
  const poolSplit = recordingSplit(pool.recordingOfWindow, pool.dataset.labels, { seed, validationFraction });
  const train = { ...pool, dataset: subsetDataset(pool.dataset, poolSplit.train) };
  const validation = { dataset: subsetDataset(pool.dataset, poolSplit.validation) };
  const classNames = displayClassNames(labelNames);

  // 4. Train, keeping the weights of the best validation macro-F1; then the held-out test.
  const { backend } = await initializeBackend();
  let lastValidation = '';
  const trained = await trainAst({
    config: { preset },
    train: train.dataset,
    validation: validation.dataset,
    options: {
      ...TRAINING_DEFAULTS,
      seed,
      batchSize,
      epochs,
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(dataParallel ? { dataParallel: workerThreadGradients() } : {}),
      featureSettings: { ...settings },
      onProgress: ({ step, totalSteps, loss, evaluation }) => {
        if (evaluation !== undefined) lastValidation = ` val macro-F1 ${evaluation.macroF1.toFixed(3)}`;
        onProgress({
          stage: 'train',
          done: step,
          total: totalSteps,
          status: `loss ${loss.toFixed(3)}${lastValidation}`,
        });
      },
    },
  });
  const classifier = trained.classifier;
  try {
    // the held-out recordings (and real ones when given): the model beside the physics baselines, same windows
    const comparison = compareDetectors(
      classifier,
      await readLabelledRecordings(pick(split.test)),
      'synthetic held-out',
    );
    if (realDataDir !== undefined) {
      const real = await convertRealRecordings(realDataDir, join(root, 'real'));
      comparison.push(...compareDetectors(classifier, real, 'real recordings'));
    }
    const testMetrics = comparison[0]!.metrics;
    await saveModelDirectory(paths.model, classifier, {
      modelId,
      metrics: { validation: trained.validationMetrics, test: testMetrics },
      history: trained.history,
    });
    await packModelArchive(paths.model, paths.archive);
    await writeFileAtomic(
      paths.metrics,
      `${JSON.stringify({ test: testMetrics, validation: trained.validationMetrics, comparison }, null, 2)}\n`,
    );

    // 5. A fresh recording with every level in it, classified window by window.
    await mkdir(dirname(paths.fresh), { recursive: true });
    await generateToFiles(freshRecordingPlan({ sampleRateHz, seed: seed + 1_000_003 }), {
      outputPath: paths.fresh,
      labelsPath: paths.freshLabels,
      experimentPath: paths.freshExperiment,
      name: 'fresh',
    });
    const fresh = await readRecordingFile(paths.fresh);
    const truth = await readLabelsFile(paths.freshLabels);
    const {
      messages,
      events,
      truth: freshTruth,
    } = classifyRecording(fresh, classifier, {
      batchSize,
      labels: truth.events,
      onProgress: ({ windowsDone, windowsTotal }) =>
        onProgress({ stage: 'classify', done: windowsDone, total: windowsTotal }),
    });
    await writeClassificationFile(paths.classification, messages);
    await writeLabelsFile(paths.predictedLabels, { events });
    const freshAgreement = agreement(messages, freshTruth ?? [], labelNames);

    // 6. The report.
    onProgress({ stage: 'report', done: 0, total: 1 });
    const classNameOf = (label: string) => classNames[labelNames.indexOf(label)] ?? label;
    const origin = fresh.topics.get('mag_raw')?.timestampsNs[0] ?? 0n;
    const truthSegments = labelSegments(truth.events, classNameOf, origin);
    const durationRun = (performance.now() - started) / 1000;
    const summary: ReportFact[] = [
      { name: 'held-out macro-F1', value: testMetrics.macroF1.toFixed(3) },
      { name: 'held-out accuracy', value: testMetrics.accuracy.toFixed(3) },
      { name: 'fresh recording agreement', value: `${(100 * freshAgreement).toFixed(1)} % of windows` },
      {
        name: 'dataset',
        value: `${recordings} recordings × ${durationSec} s, resampled to ${sampleRateHz} Hz (seed ${seed}): ${split.train.length} for training and validation, ${split.test.length} held out for the test`,
      },
      {
        name: 'windows',
        value: `${windowSec} s every ${hopSec} s, ${train.dataset.shape[1]} frames × ${train.dataset.shape[2]} bins; ${train.dataset.shape[0]} train / ${validation.dataset.shape[0]} validation / ${testMetrics.count} test`,
      },
      {
        name: 'model',
        value: `AST preset ${preset}: hidden ${classifier.config.hiddenSize}, ${classifier.config.numHiddenLayers} layers, ${trained.history.steps.length} steps in ${trained.history.durationSec.toFixed(0)} s (best step ${trained.history.bestStep})`,
      },
      { name: 'run time', value: `${durationRun.toFixed(0)} s` },
    ];
    const outputs: PipelineOutput[] = [
      { name: 'report', path: paths.report, remotePath: `${remotePrefix}/report.html` },
      { name: 'report data', path: paths.reportData },
      { name: 'model folder', path: paths.model },
      { name: 'model archive', path: paths.archive, remotePath: `${remotePrefix}/${modelId}.model.tar.gz` },
      { name: 'metrics', path: paths.metrics, remotePath: `${remotePrefix}/metrics.json` },
      { name: 'dataset', path: paths.dataset },
      { name: 'fresh recording', path: paths.fresh, remotePath: `${remotePrefix}/fresh.mcap` },
      { name: 'fresh labels (truth)', path: paths.freshLabels, remotePath: `${remotePrefix}/fresh.labels.json` },
      { name: 'classification', path: paths.classification, remotePath: `${remotePrefix}/fresh.classification.mcap` },
      {
        name: 'predicted labels',
        path: paths.predictedLabels,
        remotePath: `${remotePrefix}/fresh.predicted.labels.json`,
      },
    ];
    const report: ReportData = {
      title: 'Magnetic distortion: train and classify',
      generatedAt: new Date().toISOString(),
      classNames,
      summary,
      traces: [
        sensorTrace(fresh, 'mag', {
          title: 'Fresh recording: magnetometer (calibrated)',
          unit: 'µT',
          segments: truthSegments,
        }),
        sensorTrace(fresh, 'acc', {
          title: 'Fresh recording: accelerometer (calibrated)',
          unit: 'm/s²',
          segments: truthSegments,
        }),
      ],
      spectrograms: exampleSpectrograms(pool.dataset, classNames, (index) => {
        const source = pool.recordings[pool.recordingOfWindow[index]!]!;
        const startSec = Number(pool.windowStartNs[index]!) / 1e9;
        return `window ${startSec.toFixed(0)}–${(startSec + windowSec).toFixed(0)} s of ${source.name} (${(settings.spectrogram.sensors ?? []).join(', ')} + ${(settings.spectrogram.derived ?? []).join(', ')})`;
      }),
      training: trainingCurves(trained.history),
      evaluation: reportEvaluation(testMetrics, classNames),
      trainingData: trainingDataFacts(manifest),
      comparison: comparison.map(({ detector, dataset, metrics }) => ({
        detector,
        dataset,
        macroF1: metrics.macroF1,
        ...metrics.binary,
      })),
      timeline: {
        recording: 'fresh.mcap',
        truth: truthSegments,
        predictions: predictionBars(messages, classNames, hopSec, origin),
      },
      outputs: outputs.map((output) => ({
        name: output.name,
        value:
          output.remotePath === undefined
            ? output.path
            : `${output.path} → ${activeStore.kind === 'local' ? 'local store' : 'Nstrumenta'}: ${output.remotePath}`,
      })),
    };
    await writeFileAtomic(paths.reportData, JSON.stringify(report));
    await writeReport(paths.report, report);
    onProgress({ stage: 'report', done: 1, total: 1 });

    // 7. Results to the project store (Nstrumenta with a key, else the local store).
    const uploads = outputs.filter((output) => output.remotePath !== undefined);
    for (const [index, output] of uploads.entries()) {
      await activeStore.upload(output.path, output.remotePath!, { overwrite: true });
      onProgress({ stage: 'upload', done: index + 1, total: uploads.length, status: output.remotePath });
    }
    if (activeStore.kind === 'local') outputs.push({ name: 'local store', path: join(root, 'store') });

    return {
      classNames,
      testMetrics,
      validationMetrics: trained.validationMetrics,
      freshAgreement,
      comparison,
      windowCounts: {
        train: train.dataset.shape[0],
        validation: validation.dataset.shape[0],
        test: testMetrics.count,
      },
      outputs,
      storeKind: activeStore.kind,
      report,
      durationSec: (performance.now() - started) / 1000,
      backend,
      trainingSec: trained.history.durationSec,
    };
  } finally {
    classifier.dispose();
  }
}

/** The share of labelled windows (those inside one label event) whose prediction is their true label. */
function agreement(
  messages: readonly ClassificationMessage[],
  truth: readonly (string | undefined)[],
  labelNames: readonly string[],
): number {
  let agree = 0;
  let total = 0;
  messages.forEach((message, i) => {
    if (truth[i] === undefined) return;
    total++;
    if (labelNames[message.predictedClassId] === truth[i]) agree++;
  });
  return total === 0 ? 0 : agree / total;
}
