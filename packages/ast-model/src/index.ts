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
export type { AstBackendName, BackendReport, InitializeBackendOptions, SkippedBackend } from './backend/backend.js';
export { backendFromEnvironment, initializeBackend, loadableBackends, selectBackend } from './backend/backend.js';

// ---- model: configuration, layers, construction ----
export type { AstActivation, AstConfig, AstConfigOptions, AstPresetName } from './model/ast-config.js';
export {
  AST_PRESETS,
  astConfig,
  astConfigFromHuggingFace,
  astPatchGrid,
  validateAstConfig,
} from './model/ast-config.js';
export type { CreateAstModelOptions } from './model/create-ast-model.js';
export {
  AST_LAYER_NAMES,
  createAstModel,
  memberLayerName,
  pooledOutputModel,
  registerAstLayers,
} from './model/create-ast-model.js';
export type { AstClassificationHeadArgs } from './model/layers/classification-head.js';
export { AstClassificationHead } from './model/layers/classification-head.js';
export type { AstEncoderBlockArgs } from './model/layers/encoder-block.js';
export { AstEncoderBlock } from './model/layers/encoder-block.js';
export { AstEnsembleAverage } from './model/layers/ensemble-average.js';
export type { AstPatchEmbeddingArgs, BaseLayerArgs } from './model/layers/patch-embedding.js';
export { AstPatchEmbedding } from './model/layers/patch-embedding.js';
export type { AstTokenEmbeddingArgs } from './model/layers/token-embedding.js';
export { AstTokenEmbedding } from './model/layers/token-embedding.js';
export type { AstTokenPoolingArgs } from './model/layers/token-pooling.js';
export { AstTokenPooling } from './model/layers/token-pooling.js';

// ---- features: recording → windows → spectrograms, and the settings a model stores ----
export type { FeatureReference, SensorFeatureOverrides, SensorFeatureSettings } from './features/feature-settings.js';
export { sensorAstConfig } from './features/sensor-ast-config.js';
export {
  LEGACY_FEATURE_SETTINGS,
  parseFeatureSettings,
  sensorFeatureSettings,
  sensorFeatureSettingsOf,
} from './features/feature-settings.js';
export type { AstFeatures, FeatureNormalization } from './features/features.js';
export { checkFeatures, computeNormalization, prepareFeatures } from './features/features.js';
export type { ResampledRecording, ResampleRecordingOptions, ResampleReport } from './features/resample-recording.js';
export { resampleRecording } from './features/resample-recording.js';
export type { PreparedRecording, RecordingWindowsOptions } from './features/sensor-features.js';
export {
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  featureTopics,
  iterateRecordingWindows,
  prepareRecording,
  recordingWindows,
  sensorTopics,
  windowFeatures,
  windowsDataset,
  windowTruthLabels,
} from './features/sensor-features.js';

// ---- datasets and training ----
export type { AstDataset, StratifiedSplit, StratifiedSplitOptions } from './training/dataset.js';
export { checkDataset, concatDatasets, recordingSplit, stratifiedSplit, subsetDataset } from './training/dataset.js';
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
} from './training/train-ast.js';
export { DATA_PARALLEL_MIN_STEP_GFLOP, evaluateClassifier, trainAst } from './training/train-ast.js';
export type { AstStepFlops } from './training/training-flops.js';
export { astStepFlops } from './training/training-flops.js';
export type { TrainingStepContext, TrainingStepOptions, TrainingStepResult } from './training/training-step.js';
export { trainingStep } from './training/training-step.js';
export type { AdamWOptions, GradientNormScale } from './training/adamw.js';
export { AdamW, globalNormScale } from './training/adamw.js';
export type { LearningRateOptions, LearningRateSchedule } from './training/learning-rate-schedule.js';
export { learningRateAt } from './training/learning-rate-schedule.js';
export type { MixupOptions, SpecAugmentOptions } from './training/augment.js';
export { applyMixup, applySpecAugment } from './training/augment.js';
export { SeededRandom } from '@tsc/shared';
// data-parallel training: the pieces `workerThreadGradients` (./node) is built from, for other helper pools
export type {
  BatchGradients,
  FlatBatchGradients,
  GradientBatch,
  GradientBatchShape,
} from './training/batch-gradients.js';
export { batchGradients, flatBatchGradients, lossNormalizer } from './training/batch-gradients.js';
export type { DataParallelGradients, GradientHelperSetup, GradientHelpers } from './training/data-parallel.js';
export { dataParallelBatchGradients, partSizes } from './training/data-parallel.js';

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
export type {
  DistortionTrainingProgress,
  TrainDistortionModelArgs,
  TrainDistortionModelResult,
  TrainedMember,
} from './pipeline/train-distortion-model.js';
export { trainDistortionModel } from './pipeline/train-distortion-model.js';
export { DISTORTION_ENSEMBLE_SIZE, TRAINING_DEFAULTS } from './pipeline/training-defaults.js';

// ---- inference: a classifier, a recording, a live stream ----
export type { AstClassifierInit, AstPrediction, AstPredictOptions } from './inference/ast-classifier.js';
export { AstClassifier } from './inference/ast-classifier.js';
export { ensembleClassifier } from './inference/ensemble-classifier.js';
export type {
  ClassifyRecordingOptions,
  ClassifyRecordingProgress,
  ClassifyRecordingResult,
} from './inference/classify-recording.js';
export { classifyRecording } from './inference/classify-recording.js';
export type { ClassifyRecordingBlocksOptions, RecordingBlocks } from './inference/classify-recording-blocks.js';
export { classifyRecordingBlocks } from './inference/classify-recording-blocks.js';
export type { StreamingClassifierOptions, StreamingPrediction } from './inference/streaming-classifier.js';
export { StreamingClassifier } from './inference/streaming-classifier.js';
export type { RecordingChunk, TopicChunk } from './inference/recording-chunks.js';
export { recordingChunks } from './inference/recording-chunks.js';

// ---- evaluation: metrics, physics baselines, detectors scored on the same windows ----
export type { BinaryMetrics, ClassificationMetrics, ClassMetrics, ScoredWindows } from './evaluation/metrics.js';
export { binaryMetrics, classificationMetrics, recordingMetrics, rocAuc } from './evaluation/metrics.js';
export type { BaselineName, BaselineOptions } from './evaluation/baselines.js';
export { BASELINE_NAMES, classifyRecordingWithBaseline } from './evaluation/baselines.js';
export type { Detector, DetectorScores, LabelledRecording, RecordingScores } from './evaluation/score-detector.js';
export { scoreDetector } from './evaluation/score-detector.js';

// ---- persistence: the model folder format, in memory and over HTTP ----
export type {
  LoadFromUrlOptions,
  LoadModelOptions,
  ModelDirectoryArtifacts,
  ModelDirectoryConfig,
} from './persistence/model-directory-format.js';
export {
  classifierFromArtifacts,
  classifierToArtifacts,
  loadClassifierFromUrl,
  MODEL_FILES,
  MODEL_FORMAT_VERSION,
} from './persistence/model-directory-format.js';

// ---- pretrained: Hugging Face checkpoints ----
export type { FetchHuggingFaceOptions, HuggingFaceImportOptions } from './pretrained/hugging-face-import.js';
export {
  fetchHuggingFaceCheckpoint,
  importHuggingFaceCheckpoint,
  interpolatePositionEmbeddings,
} from './pretrained/hugging-face-import.js';
export type { SafetensorsTensor } from './pretrained/safetensors.js';
export { encodeSafetensors, parseSafetensors } from './pretrained/safetensors.js';
