// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, as the README's API overview, not sorted by file
/**
 * `@tsc/ast-model`: the Audio Spectrogram Transformer in TensorFlow.js, and the distortion pipeline built on it.
 * Grouped as the README's API overview; Node-only helpers (model folders, archives, files, worker threads) are on
 * `@tsc/ast-model/node`.
 */
export { InvalidArgumentError, TscError } from '@tsc/errors';
export {
  AstConfigError,
  AstInputError,
  BackendUnavailableError,
  CheckpointFormatError,
  DataParallelError,
  ModelDirectoryError,
  ModelOutputError,
} from './errors.js';

// ---- backend: which TensorFlow.js backend runs ----
export type { AstBackendName, BackendReport, InitializeBackendOptions, SkippedBackend } from './backend.js';
export { backendFromEnvironment, initializeBackend, loadableBackends, selectBackend } from './backend.js';

// ---- model: configuration, layers, construction ----
export type { AstActivation, AstConfig, AstConfigOptions, AstPresetName } from './ast-config.js';
export { AST_PRESETS, astConfig, astConfigFromHuggingFace, astPatchGrid, validateAstConfig } from './ast-config.js';
export type { CreateAstModelOptions } from './create-ast-model.js';
export { AST_LAYER_NAMES, createAstModel, pooledOutputModel, registerAstLayers } from './create-ast-model.js';
export type { AstClassificationHeadArgs } from './layers/classification-head.js';
export { AstClassificationHead } from './layers/classification-head.js';
export type { AstEncoderBlockArgs } from './layers/encoder-block.js';
export { AstEncoderBlock } from './layers/encoder-block.js';
export type { AstPatchEmbeddingArgs, BaseLayerArgs } from './layers/patch-embedding.js';
export { AstPatchEmbedding } from './layers/patch-embedding.js';
export type { AstTokenEmbeddingArgs } from './layers/token-embedding.js';
export { AstTokenEmbedding } from './layers/token-embedding.js';
export type { AstTokenPoolingArgs } from './layers/token-pooling.js';
export { AstTokenPooling } from './layers/token-pooling.js';

// ---- features: recording → windows → spectrograms, and the settings a model stores ----
export type { FeatureReference, SensorFeatureOverrides, SensorFeatureSettings } from './feature-settings.js';
export {
  LEGACY_FEATURE_SETTINGS,
  parseFeatureSettings,
  sensorFeatureSettings,
  sensorFeatureSettingsOf,
} from './feature-settings.js';
export type { AstFeatures, FeatureNormalization } from './features.js';
export { checkFeatures, computeNormalization, prepareFeatures } from './features.js';
export type { ResampledRecording, ResampleRecordingOptions, ResampleReport } from './resample-recording.js';
export { resampleRecording } from './resample-recording.js';
export type { PreparedRecording, RecordingWindowsOptions } from './sensor-features.js';
export {
  countRecordingWindows,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  featureTopics,
  iterateRecordingWindows,
  prepareRecording,
  recordingWindows,
  sensorTopics,
  windowFeatures,
  windowsDataset,
  windowTruthLabels,
} from './sensor-features.js';

// ---- datasets and training ----
export type { AstDataset, StratifiedSplit, StratifiedSplitOptions } from './dataset.js';
export { checkDataset, concatDatasets, recordingSplit, stratifiedSplit, subsetDataset } from './dataset.js';
export type {
  BestModelMetric,
  EvaluationRecord,
  GradientThreadsReason,
  TrainAstArgs,
  TrainAstOptions,
  TrainAstResult,
  TrainingHistory,
  TrainingProgress,
  TrainingStepRecord,
} from './train-ast.js';
export { DATA_PARALLEL_MIN_STEP_GFLOP, evaluateClassifier, trainAst } from './train-ast.js';
export type { AstStepFlops } from './training-flops.js';
export { astStepFlops } from './training-flops.js';
export type { TrainingStepContext, TrainingStepOptions, TrainingStepResult } from './training-step.js';
export { trainingStep } from './training-step.js';
export type { AdamWOptions, GradientNormScale } from './adamw.js';
export { AdamW, globalNormScale } from './adamw.js';
export type { LearningRateOptions, LearningRateSchedule } from './learning-rate-schedule.js';
export { learningRateAt } from './learning-rate-schedule.js';
export type { MixupOptions, SpecAugmentOptions } from './augment.js';
export { applyMixup, applySpecAugment } from './augment.js';
export { SeededRandom } from '@tsc/shared';
// data-parallel training: the pieces `workerThreadGradients` (./node) is built from, for other helper pools
export type { BatchGradients, FlatBatchGradients, GradientBatch, GradientBatchShape } from './batch-gradients.js';
export { batchGradients, flatBatchGradients, lossNormalizer } from './batch-gradients.js';
export type { DataParallelGradients, GradientHelperSetup, GradientHelpers } from './data-parallel.js';
export { dataParallelBatchGradients, partSizes } from './data-parallel.js';

// ---- the distortion pipeline: dataset building, training, comparison (what the demo and the example compose) ----
export type { DetectorComparisonRow } from './pipeline/compare-detectors.js';
export { compareDetectors, truthAgreement } from './pipeline/compare-detectors.js';
export type {
  BuildLabelledDatasetOptions,
  LabelledDataset,
  ValidationSplit,
  ValidationSplitOptions,
} from './pipeline/labelled-dataset.js';
export {
  buildLabelledDataset,
  checkLabelValues,
  splitForValidation,
  subsetLabelledDataset,
} from './pipeline/labelled-dataset.js';
export type { TrainDistortionModelArgs } from './pipeline/train-distortion-model.js';
export { trainDistortionModel } from './pipeline/train-distortion-model.js';
export { TRAINING_DEFAULTS } from './pipeline/training-defaults.js';

// ---- inference: a classifier, a recording, a live stream ----
export type { AstClassifierInit, AstPrediction, AstPredictOptions } from './ast-classifier.js';
export { AstClassifier } from './ast-classifier.js';
export type {
  ClassifyRecordingOptions,
  ClassifyRecordingProgress,
  ClassifyRecordingResult,
} from './classify-recording.js';
export { classifyRecording } from './classify-recording.js';
export type { StreamingClassifierOptions, StreamingPrediction } from './streaming-classifier.js';
export { StreamingClassifier } from './streaming-classifier.js';
export type { RecordingChunk, TopicChunk } from './recording-chunks.js';
export { recordingChunks } from './recording-chunks.js';

// ---- evaluation: metrics, physics baselines, detectors scored on the same windows ----
export type { BinaryMetrics, ClassificationMetrics, ClassMetrics, ScoredWindows } from './metrics.js';
export { binaryMetrics, classificationMetrics, recordingMetrics, rocAuc } from './metrics.js';
export type { BaselineName, BaselineOptions } from './baselines.js';
export { BASELINE_NAMES, classifyRecordingWithBaseline } from './baselines.js';
export type { Detector, DetectorScores, LabelledRecording, RecordingScores } from './score-detector.js';
export { scoreDetector } from './score-detector.js';

// ---- persistence: the model folder format, in memory and over HTTP ----
export type {
  LoadFromUrlOptions,
  LoadModelOptions,
  ModelDirectoryArtifacts,
  ModelDirectoryConfig,
} from './model-directory-format.js';
export {
  classifierFromArtifacts,
  classifierToArtifacts,
  loadClassifierFromUrl,
  MODEL_FILES,
  MODEL_FORMAT_VERSION,
} from './model-directory-format.js';

// ---- pretrained: Hugging Face checkpoints ----
export type { FetchHuggingFaceOptions, HuggingFaceImportOptions } from './hugging-face-import.js';
export {
  fetchHuggingFaceCheckpoint,
  importHuggingFaceCheckpoint,
  interpolatePositionEmbeddings,
} from './hugging-face-import.js';
export type { SafetensorsTensor } from './safetensors.js';
export { encodeSafetensors, parseSafetensors } from './safetensors.js';
