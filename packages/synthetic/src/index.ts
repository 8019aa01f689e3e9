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
} from './plan-types.js';
export type { PlanIssue, ValidatePlanOptions } from './validate-plan.js';
export { validatePlan } from './validate-plan.js';
export { PLAN_SCHEMA_ID, planJsonSchema } from './plan-schema.js';

// ---- generation: a plan to a recording, its labels, its experiment and a summary of its segments ----
export type { GeneratedRecording, GenerateRecordingOptions } from './generate-recording.js';
export { generateRecording } from './generate-recording.js';
export type { SegmentLabelRun, SegmentSummary } from './segment-summary.js';
export type { LabelNamingOptions } from './labels.js';
export { labelsFilePath } from './labels.js';

// ---- dataset plans: worldwide recordings (the default), the fixed ones of earlier versions, mixed levels ----
export type { DatasetMotion, DatasetPlanOptions, FixedDatasetPlanOptions } from './dataset-plan.js';
export { createDatasetPlan, DATASET_MOTIONS, DISTORTION_KINDS, DISTORTION_LEVELS } from './dataset-plan.js';
export type { DisturbedLevel, WorldwideDatasetPlanOptions } from './worldwide-dataset-plan.js';
export {
  COMMON_SAMPLE_RATES_HZ,
  createWorldwideDatasetPlan,
  WORLDWIDE_DISTORTION_KINDS,
} from './worldwide-dataset-plan.js';
export type { MixedLevelsPlanOptions } from './mixed-levels-plan.js';
export { createMixedLevelsPlan } from './mixed-levels-plan.js';

// ---- what worldwide datasets draw from: sensors and motions ----
export type { ImuModel, MagnetometerModel } from './sensor-models.js';
export { CALIBRATION_RESIDUALS, IMU_BIAS_INSTABILITY, IMU_MODELS, MAGNETOMETER_MODELS } from './sensor-models.js';
export type { WorldwideMotion } from './worldwide-motions.js';
export { WORLDWIDE_MOTIONS } from './worldwide-motions.js';

// ---- labels that follow the per-sample deviation in ramps and passes ----
export type { LabelRun } from './deviation-labels.js';
export { labelRuns, levelOfDeviation, NONE_DEVIATION_TOLERANCE, RAMP_LABEL_RATIO } from './deviation-labels.js';

// ---- the Earth's field (World Magnetic Model) ----
export type { EarthField, EarthFieldOptions } from './earth-field.js';
export { DEFAULT_FIELD_DATE, earthField } from './earth-field.js';

// ---- seeded random numbers (the same class @tsc/ast-model exports) ----
export { SeededRandom } from '@tsc/shared';

// ---- magnetic distortion: the level ↔ strength mapping ----
export type { ResolvedDistortion, StrengthBand } from './distortion-strength.js';
export { HIGH_STRENGTH_THRESHOLD, LEVEL_LABELS, resolveDistortion, STRENGTH_BANDS } from './distortion-strength.js';

// ---- model constants: noise, gravity, dipoles, oscillations, timestamp jitter ----
export type { NoiseParameters, SensorName } from './noise-model.js';
export { DEFAULT_BIAS_CORRELATION_TIME_SEC, DEFAULT_NOISE, resolveNoise, ZERO_NOISE } from './noise-model.js';
export { normalGravity, STANDARD_GRAVITY } from './physical-generator.js';
export { DEFAULT_DIPOLE_CLOSEST_APPROACH_M, DEFAULT_FAR_DISTANCE_RATIO } from './distortion-model.js';
export { DEFAULT_OSCILLATION_RAMP_SEC } from './motion-model.js';
export { JITTER_LIMIT_PERIODS } from './sample-times.js';

// ---- size limits: memory and disk checked before anything is generated ----
export type { DatasetSizeCheck, RecordingSizeCheck } from './recording-size.js';
export {
  checkDatasetSize,
  checkRecordingSize,
  DEFAULT_MAX_RECORDING_BYTES,
  MANIFEST_BYTES_PER_RECORDING,
  RECORDING_BYTES_PER_SAMPLE,
  RECORDING_DISK_BYTES_PER_SAMPLE,
} from './recording-size.js';

// ---- errors: a plan or an option that is not valid (field, expected, found), a recording too large ----
export type { PlanValidationErrorOptions } from './validate-plan.js';
export { PlanValidationError } from './validate-plan.js';
export { InvalidOptionError } from './invalid-option-error.js';
export { RecordingSizeError } from './recording-size.js';
export { InvalidArgumentError, TscError } from '@tsc/errors';
