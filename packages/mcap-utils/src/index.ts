export { TscError } from '@tsc/errors';
export type { SensorName } from '@tsc/shared';
export { decodeBase64, encodeBase64 } from './base64.js';
export { calibratedRecording, calibratedSensor } from './calibrated-sensor.js';
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
export type { DoctorIssue, DoctorIssueCode, DoctorOptions, DoctorReport } from './doctor-recording.js';
export { doctorRecording, doctorSource } from './doctor-recording.js';
export {
  FileWriteError,
  InvalidArgumentError,
  JsonValidationError,
  MalformedMessageError,
  McapCrcError,
  McapFormatError,
  McapTruncatedError,
  MissingTopicError,
  NonFiniteSampleError,
  UnsupportedCompressionError,
  ValueWidthError,
} from './errors.js';
export type { ExperimentFile, ExperimentLabelFile, ParseExperimentOptions } from './experiment.js';
export { parseExperiment, stringifyExperiment } from './experiment.js';
export type {
  ImuRecording,
  KnownTopic,
  RecordingMetadata,
  SensorCalibration,
  TopicSeries,
} from './imu-recording.js';
export { REFERENCE_TOPICS, sampleCount } from './imu-recording.js';
export type {
  CompressionInspection,
  InspectOptions,
  RecordingInspection,
  SchemaInspection,
  TopicInspection,
} from './inspect-recording.js';
export { formatInspection, inspectionToJson, inspectRecording, inspectSource } from './inspect-recording.js';
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
  labelEventTimesNs,
  labelTimeFromNs,
  labelTimeToNs,
  parseLabels,
  stringifyLabels,
} from './labels.js';
export type { ByteSource } from './mcap/byte-source.js';
export { bytesSource } from './mcap/byte-source.js';
export type { ChunkCompression } from './mcap/compression.js';
export type { Crc32Function } from './mcap/crc32.js';
export { crc32 } from './mcap/crc32.js';
export type {
  ByteSink,
  ChannelDefinition,
  JsonMcapWriterOptions,
  SchemaDefinition,
} from './mcap/json-mcap-writer.js';
export { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
export type { ChunkInfo, McapHeader, TruncationReport } from './mcap/mcap-scanner.js';
export type { LimitedResource } from './memory-limit.js';
export { DEFAULT_MAX_MEMORY_BYTES, formatBytes, MemoryLimitError } from './memory-limit.js';
export type { EncodeNpyOptions, Float32Tensor, NpyHeader } from './npy.js';
export { decodeNpy, encodeNpy, parseNpyHeader } from './npy.js';
export type { ConvertPhoneLogOptions, PhoneLogConversion, PhoneLogSample } from './phone-log.js';
export { convertPhoneLogText, PHONE_LOG_DEVICE_FIELDS, PHONE_LOG_TOPICS, parsePhoneLogLine } from './phone-log.js';
export type {
  PhoneLogAccelerometerUnit,
  PhoneLogCheckedRecordType,
  PhoneLogUnitWarning,
} from './phone-log-units.js';
export { STANDARD_GRAVITY_MS2 } from './phone-log-units.js';
export type { RecordingReadOptions, StreamReadResult } from './recording-decoder.js';
export {
  decodeRecording,
  decodeRecordingStream,
  readRecordingIndexed,
  readRecordingLinear,
} from './recording-decoder.js';
export type { BodyStyle, RecordingWriteOptions } from './recording-encoder.js';
export { encodeRecording, REFERENCE_SAMPLE_ORDER, writeRecordingMessages } from './recording-encoder.js';
export { SENSOR_EVENT_SCHEMA_DATA, SENSOR_EVENT_SCHEMA_NAME } from './sensor-event-codec.js';
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
export type { GapPolicy, LabelPolicy, NonFinitePolicy, RecordingWindow, WindowOptions } from './windows.js';
export { DEFAULT_MAX_WINDOWS_BYTES, iterateWindows, windows, windowsMemoryBytes } from './windows.js';
