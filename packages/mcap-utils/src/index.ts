// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/mcap-utils`: IMU recordings in MCAP and the files around them (labels, experiments, classifications,
// spectrograms, phone logs). Browser-safe; file access is on `@tsc/mcap-utils/node`.

// ---- data model: a recording in memory ----
export type {
  ImuRecording,
  KnownTopic,
  RecordingMetadata,
  SensorCalibration,
  TopicSeries,
} from './imu-recording.js';
export { REFERENCE_TOPICS, sampleCount } from './imu-recording.js';
export type { SensorName } from '@tsc/shared';

// ---- recordings: encode and decode MCAP (indexed, streamed, over any byte source) ----
export type { BodyStyle, RecordingWriteOptions } from './recording-encoder.js';
export { encodeRecording, REFERENCE_SAMPLE_ORDER, writeRecordingMessages } from './recording-encoder.js';
export type { RecordingBlock, RecordingReadOptions, StreamReadResult } from './recording-decoder.js';
export {
  decodeRecording,
  decodeRecordingStream,
  readRecordingIndexed,
  readRecordingLinear,
} from './recording-decoder.js';
export type { ByteSource } from './mcap/byte-source.js';
export { bytesSource } from './mcap/byte-source.js';
export type { ChunkCompression } from './mcap/compression.js';
export type { ChunkInfo, McapHeader, TruncationReport } from './mcap/mcap-scanner.js';
export { SENSOR_EVENT_SCHEMA_DATA, SENSOR_EVENT_SCHEMA_NAME } from './sensor-event-codec.js';

// ---- physical units: calibrated sensor values ----
export { calibratedRecording, calibratedSensor } from './calibrated-sensor.js';

// ---- labels: label files and events ----
export type {
  CreateLabelEventOptions,
  LabelEvent,
  LabelSpanNs,
  LabelsFile,
  LabelTime,
  ParseLabelsOptions,
} from './labels.js';
export {
  createLabelEvent,
  LabelTimeline,
  labelEventTimesNs,
  labelTimeFromNs,
  labelTimeToNs,
  parseLabels,
  stringifyLabels,
} from './labels.js';

// ---- distortion classes: class id ↔ level ↔ label value, the vocabulary of labels and predictions ----
export type { DistortionClass, DistortionLabel, DistortionLevel } from './distortion-classes.js';
export {
  DISTORTION_CLASSES,
  DISTORTION_LABEL_KEY,
  DISTORTION_LABELS,
  DISTORTION_LEVELS,
  distortionClassNames,
  distortionLevelOf,
  LEVEL_LABELS,
} from './distortion-classes.js';

// ---- experiments: experiment files ----
export type { ExperimentFile, ExperimentLabelFile, ParseExperimentOptions } from './experiment.js';
export { parseExperiment, stringifyExperiment } from './experiment.js';

// ---- windows: labelled windows of a recording, all at once or one by one ----
export type {
  CountedWindows,
  GapPolicy,
  LabelPolicy,
  NonFinitePolicy,
  RecordingWindow,
  WindowContext,
  WindowOptions,
} from './windows.js';
export {
  countedWindows,
  countWindows,
  DEFAULT_MAX_WINDOWS_BYTES,
  iterateWindows,
  pureWindowLabel,
  windows,
  windowsMemoryBytes,
} from './windows.js';

// ---- classification: the classification topic, and window predictions merged into label events ----
export type {
  ClassificationMessage,
  ClassificationReadOptions,
  ClassificationWriteOptions,
  MergePredictionsOptions,
} from './classification.js';
export {
  CLASSIFICATION_SCHEMA_DATA,
  CLASSIFICATION_TOPIC,
  decodeClassification,
  encodeClassification,
  mergePredictions,
  REFERENCE_WINDOW_NS,
  writeClassificationMessages,
} from './classification.js';

// ---- spectrograms: spectrogram files and NumPy arrays ----
export type {
  SpectrogramFeatures,
  SpectrogramFrame,
  SpectrogramReadOptions,
  SpectrogramWriteOptions,
} from './spectrogram-file.js';
export {
  COMPRESSED_IMAGE_SCHEMA_DATA,
  decodeSpectrogram,
  encodeSpectrogram,
  INPUT_VALUES_SCHEMA_DATA,
  INPUT_VALUES_TOPIC,
  SPECTROGRAM_TOPIC,
} from './spectrogram-file.js';
export type { EncodeNpyOptions, Float32Tensor, NpyHeader } from './npy.js';
export { decodeNpy, encodeNpy, parseNpyHeader } from './npy.js';

// ---- phone logs: a phone's sensor log to a recording, labels and an experiment ----
export type { ConvertPhoneLogOptions, PhoneLogConversion, PhoneLogSample } from './phone-log.js';
export { convertPhoneLogText, PHONE_LOG_DEVICE_FIELDS, PHONE_LOG_TOPICS, parsePhoneLogLine } from './phone-log.js';
export type {
  PhoneLogAccelerometerUnit,
  PhoneLogCheckedRecordType,
  PhoneLogUnitWarning,
} from './phone-log-units.js';
export { STANDARD_GRAVITY_MS2 } from './phone-log-units.js';

// ---- inspect and doctor: what a file holds, and what is wrong with it ----
export type {
  CompressionInspection,
  InspectOptions,
  RecordingInspection,
  SchemaInspection,
  TopicInspection,
} from './inspect-recording.js';
export { formatInspection, inspectionToJson, inspectRecording, inspectSource } from './inspect-recording.js';
export type { DoctorIssue, DoctorIssueCode, DoctorOptions, DoctorReport } from './doctor-recording.js';
export { doctorRecording, doctorSource } from './doctor-recording.js';

// ---- low level: the MCAP writer, CRC-32, base64 ----
export type {
  ByteSink,
  ChannelDefinition,
  JsonMcapWriterOptions,
  SchemaDefinition,
} from './mcap/json-mcap-writer.js';
export { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
export type { Crc32Function } from './mcap/crc32.js';
export { crc32 } from './mcap/crc32.js';
export { decodeBase64, encodeBase64 } from './base64.js';

// ---- errors: each names the file and the record, field or option at fault; memory limits ----
export {
  FileWriteError,
  InvalidArgumentError,
  JsonValidationError,
  MalformedMessageError,
  McapCrcError,
  McapFormatError,
  McapTruncatedError,
  MessageOrderError,
  MissingTopicError,
  NonFiniteSampleError,
  UnsupportedCompressionError,
  ValueWidthError,
} from './errors.js';
export type { LimitedResource } from './memory-limit.js';
export { DEFAULT_MAX_MEMORY_BYTES, formatBytes, MemoryLimitError } from './memory-limit.js';
export { TscError } from '@tsc/errors';
