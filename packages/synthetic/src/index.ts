export { TscError } from '@tsc/errors';
export type { DatasetMotion, DatasetPlanOptions } from './dataset-plan.js';
export { createDatasetPlan, DATASET_MOTIONS, DISTORTION_KINDS, DISTORTION_LEVELS } from './dataset-plan.js';
export type { ResolvedDistortion, StrengthBand } from './distortion-strength.js';
export { HIGH_STRENGTH_THRESHOLD, LEVEL_LABELS, resolveDistortion, STRENGTH_BANDS } from './distortion-strength.js';
export type { EarthField, EarthFieldOptions } from './earth-field.js';
export { DEFAULT_FIELD_DATE, earthField } from './earth-field.js';
export type { GeneratedRecording, GenerateRecordingOptions } from './generate-recording.js';
export { generateRecording } from './generate-recording.js';
export { InvalidOptionError } from './invalid-option-error.js';
export type { LabelNamingOptions } from './labels.js';
export { labelsFilePath } from './labels.js';
export type { NoiseParameters, SensorName } from './noise-model.js';
export { DEFAULT_NOISE, resolveNoise, ZERO_NOISE } from './noise-model.js';
export { DEFAULT_DIPOLE_CLOSEST_APPROACH_M, normalGravity, STANDARD_GRAVITY } from './physical-generator.js';
export { PLAN_SCHEMA_ID, planJsonSchema } from './plan-schema.js';
export type {
  DistortionKind,
  DistortionLevel,
  Plan,
  PlanCalibration,
  PlanInitialization,
  PlanMagDistortion,
  PlanNoise,
  PlanOrigin,
  PlanPose,
  PlanQuaternion,
  PlanRotation,
  PlanSegment,
  PlanSensor,
  PlanVector3,
} from './plan-types.js';
export { SeededRandom } from './random.js';
export type { SegmentSummary } from './segment-summary.js';
export type { PlanIssue, ValidatePlanOptions } from './validate-plan.js';
export { PlanValidationError, validatePlan } from './validate-plan.js';
