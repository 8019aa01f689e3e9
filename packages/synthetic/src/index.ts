export { InvalidArgumentError, TscError } from '@tsc/errors';
export { SeededRandom } from '@tsc/shared';
export type { DatasetMotion, DatasetPlanOptions, FixedDatasetPlanOptions } from './dataset-plan.js';
export { createDatasetPlan, DATASET_MOTIONS, DISTORTION_KINDS, DISTORTION_LEVELS } from './dataset-plan.js';
export type { LabelRun } from './deviation-labels.js';
export { labelRuns, levelOfDeviation, NONE_DEVIATION_TOLERANCE, RAMP_LABEL_RATIO } from './deviation-labels.js';
export { DEFAULT_DIPOLE_CLOSEST_APPROACH_M, DEFAULT_FAR_DISTANCE_RATIO } from './distortion-model.js';
export type { ResolvedDistortion, StrengthBand } from './distortion-strength.js';
export { HIGH_STRENGTH_THRESHOLD, LEVEL_LABELS, resolveDistortion, STRENGTH_BANDS } from './distortion-strength.js';
export type { EarthField, EarthFieldOptions } from './earth-field.js';
export { DEFAULT_FIELD_DATE, earthField } from './earth-field.js';
export type { GeneratedRecording, GenerateRecordingOptions } from './generate-recording.js';
export { generateRecording } from './generate-recording.js';
export { InvalidOptionError } from './invalid-option-error.js';
export type { LabelNamingOptions } from './labels.js';
export { labelsFilePath } from './labels.js';
export type { MixedLevelsPlanOptions } from './mixed-levels-plan.js';
export { createMixedLevelsPlan } from './mixed-levels-plan.js';
export { DEFAULT_OSCILLATION_RAMP_SEC } from './motion-model.js';
export type { NoiseParameters, SensorName } from './noise-model.js';
export { DEFAULT_BIAS_CORRELATION_TIME_SEC, DEFAULT_NOISE, resolveNoise, ZERO_NOISE } from './noise-model.js';
export { normalGravity, STANDARD_GRAVITY } from './physical-generator.js';
export { PLAN_SCHEMA_ID, planJsonSchema } from './plan-schema.js';
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
export type { DatasetSizeCheck, RecordingSizeCheck } from './recording-size.js';
export {
  checkDatasetSize,
  checkRecordingSize,
  DEFAULT_MAX_RECORDING_BYTES,
  MANIFEST_BYTES_PER_RECORDING,
  RECORDING_BYTES_PER_SAMPLE,
  RECORDING_DISK_BYTES_PER_SAMPLE,
  RecordingSizeError,
} from './recording-size.js';
export { JITTER_LIMIT_PERIODS } from './sample-times.js';
export type { SegmentLabelRun, SegmentSummary } from './segment-summary.js';
export type { ImuModel, MagnetometerModel } from './sensor-models.js';
export { CALIBRATION_RESIDUALS, IMU_BIAS_INSTABILITY, IMU_MODELS, MAGNETOMETER_MODELS } from './sensor-models.js';
export type { PlanIssue, ValidatePlanOptions } from './validate-plan.js';
export { PlanValidationError, validatePlan } from './validate-plan.js';
export type { DisturbedLevel, WorldwideDatasetPlanOptions } from './worldwide-dataset-plan.js';
export {
  COMMON_SAMPLE_RATES_HZ,
  createWorldwideDatasetPlan,
  WORLDWIDE_DISTORTION_KINDS,
} from './worldwide-dataset-plan.js';
export type { WorldwideMotion } from './worldwide-motions.js';
export { WORLDWIDE_MOTIONS } from './worldwide-motions.js';
