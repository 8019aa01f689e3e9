export { TscError } from '@tsc/errors';
export type { SensorName } from './calibrated-sensor.js';
export { calibratedRecording, calibratedSensor } from './calibrated-sensor.js';
export {
  InvalidArgumentError,
  JsonValidationError,
  MalformedMessageError,
  McapCrcError,
  McapFormatError,
  McapTruncatedError,
  MissingTopicError,
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
  CreateLabelEventOptions,
  LabelEvent,
  LabelSpanNs,
  LabelsFile,
  LabelTime,
  ParseLabelsOptions,
} from './labels.js';
export {
  createLabelEvent,
  deterministicUuid,
  labelEventTimesNs,
  labelTimeFromNs,
  labelTimeToNs,
  parseLabels,
  stringifyLabels,
  toDataRelativePath,
} from './labels.js';
export type { ByteSource } from './mcap/byte-source.js';
export { bytesSource } from './mcap/byte-source.js';
export type { ChunkCompression } from './mcap/compression.js';
export type {
  ByteSink,
  ChannelDefinition,
  JsonMcapWriterOptions,
  SchemaDefinition,
} from './mcap/json-mcap-writer.js';
export { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
export type { TruncationReport } from './mcap/mcap-scanner.js';
export type { RecordingReadOptions, StreamReadResult } from './recording-decoder.js';
export {
  decodeRecording,
  decodeRecordingStream,
  readRecordingIndexed,
  readRecordingLinear,
} from './recording-decoder.js';
export type { RecordingWriteOptions } from './recording-encoder.js';
export { encodeRecording, REFERENCE_SAMPLE_ORDER, writeRecordingMessages } from './recording-encoder.js';
export { SENSOR_EVENT_SCHEMA_DATA, SENSOR_EVENT_SCHEMA_NAME } from './sensor-event-codec.js';
export type { GapPolicy, LabelPolicy, RecordingWindow, WindowOptions } from './windows.js';
export { windows } from './windows.js';
