// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/synthetic`: motion plan JSON → synthetic IMU recordings with controllable magnetic distortion, labels and
// experiment files. No Node APIs here; file output (`readPlanFile`, `generateToFiles`, `generateDataset`) is on
// `@tsc/synthetic/node`.

// ---- plans: the plan format, its JSON Schema and its validation ----
export type {
  DistortionEnvelope,
  DistortionKind,
  DistortionLevel,
  Plan,
  PlanAccelerationOscillation,
  PlanCalibration,
  PlanCalibrationError,
  PlanInitialization,
  PlanMagDistortion,
  PlanNoise,
  PlanOrigin,
  PlanPose,
  PlanQuaternion,
  PlanRotation,
  PlanRotationOscillation,
  PlanSegment,
  PlanSensor,
  PlanTap,
  PlanTemperatureDrift,
  PlanVector3,
} from './plan/plan-types.js';
export type { PlanIssue, ValidatePlanOptions } from './plan/validate-plan.js';
export { validatePlan } from './plan/validate-plan.js';
export { PLAN_SCHEMA_ID, planJsonSchema } from './plan/plan-schema.js';

// ---- generation: a plan to a recording, its labels, its experiment and a summary of its segments ----
export type {
  GeneratedRecording,
  GeneratedSummary,
  GenerateRecordingOptions,
  RecordingBlock,
  RecordingStream,
} from './generation/generate-recording.js';
export { generateRecording, streamRecording } from './generation/generate-recording.js';
export type { SegmentLabelRun, SegmentSummary } from './labels/segment-summary.js';
export type { LabelNamingOptions } from './labels/labels.js';
export { labelsFilePath } from './labels/labels.js';

// ---- dataset plans: worldwide recordings (the default), the fixed ones of earlier versions, mixed levels ----
export type { DatasetMotion, DatasetPlanOptions, FixedDatasetPlanOptions } from './dataset/dataset-plan.js';
export { createDatasetPlan, DATASET_MOTIONS, DISTORTION_KINDS, DISTORTION_LEVELS } from './dataset/dataset-plan.js';
export type { DisturbedLevel, WorldwideDatasetPlanOptions } from './dataset/worldwide-dataset-plan.js';
export {
  COMMON_SAMPLE_RATES_HZ,
  createWorldwideDatasetPlan,
  WORLDWIDE_DISTORTION_KINDS,
} from './dataset/worldwide-dataset-plan.js';
export type { MixedLevelsPlanOptions } from './dataset/mixed-levels-plan.js';
export { createMixedLevelsPlan } from './dataset/mixed-levels-plan.js';

// ---- what worldwide datasets draw from: sensors and motions ----
export type { ImuModel, MagnetometerModel } from './dataset/sensor-models.js';
export {
  CALIBRATION_RESIDUALS,
  IMU_BIAS_INSTABILITY,
  IMU_MODELS,
  MAGNETOMETER_MODELS,
} from './dataset/sensor-models.js';
export type { WorldwideMotion } from './dataset/worldwide-motions.js';
export { WORLDWIDE_MOTIONS } from './dataset/worldwide-motions.js';

// ---- labels that follow the per-sample deviation in ramps and passes ----
export type { LabelRun } from './labels/deviation-labels.js';
export { labelRuns, levelOfDeviation, NONE_DEVIATION_TOLERANCE, RAMP_LABEL_RATIO } from './labels/deviation-labels.js';

// ---- the Earth's field (World Magnetic Model) ----
export type { EarthField, EarthFieldOptions } from './physics/earth-field.js';
export { DEFAULT_FIELD_DATE, earthField } from './physics/earth-field.js';

// ---- seeded random numbers (the same class @tsc/ast-model exports) ----
export { SeededRandom } from '@tsc/shared';

// ---- magnetic distortion: the level ↔ strength mapping ----
export type { ResolvedDistortion, StrengthBand } from './physics/distortion-strength.js';
export {
  HIGH_STRENGTH_THRESHOLD,
  LEVEL_LABELS,
  resolveDistortion,
  STRENGTH_BANDS,
} from './physics/distortion-strength.js';

// ---- model constants: noise, gravity, dipoles, oscillations, timestamp jitter ----
export type { NoiseParameters, SensorName } from './physics/noise-model.js';
export { DEFAULT_BIAS_CORRELATION_TIME_SEC, DEFAULT_NOISE, resolveNoise, ZERO_NOISE } from './physics/noise-model.js';
export { normalGravity, STANDARD_GRAVITY } from './generation/physical-generator.js';
export { DEFAULT_DIPOLE_CLOSEST_APPROACH_M, DEFAULT_FAR_DISTANCE_RATIO } from './physics/distortion-model.js';
export { DEFAULT_OSCILLATION_RAMP_SEC } from './physics/motion-model.js';
export { JITTER_LIMIT_PERIODS } from './generation/sample-times.js';

// ---- size limits: memory and disk checked before anything is generated ----
export type {
  DatasetSizeCheck,
  RecordingDiskCheck,
  RecordingSizeCheck,
  StreamedRecordingCheck,
} from './generation/recording-size.js';
export {
  BLOCK_BYTES_PER_SAMPLE,
  checkDatasetSize,
  checkRecordingDisk,
  checkRecordingSize,
  checkStreamedRecordingSize,
  DEFAULT_BLOCK_LENGTH_SAMPLES,
  DEFAULT_MAX_RECORDING_BYTES,
  MANIFEST_BYTES_PER_RECORDING,
  MAX_RECORDING_DURATION_SEC,
  RECORDING_BYTES_PER_SAMPLE,
  RECORDING_DISK_BYTES_PER_SAMPLE,
  SEGMENT_BYTES,
} from './generation/recording-size.js';

// ---- errors: a plan or an option that is not valid (field, expected, found), a recording too large ----
export type { PlanValidationErrorOptions } from './plan/validate-plan.js';
export { PlanValidationError } from './plan/validate-plan.js';
export { InvalidOptionError } from './invalid-option-error.js';
export { RecordingSizeError } from './generation/recording-size.js';
export { InvalidArgumentError, TscError } from '@tsc/errors';
