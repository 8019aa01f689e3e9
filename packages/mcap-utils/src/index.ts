export { TscError } from '@tsc/errors';
export type {
  ImuRecording,
  KnownTopic,
  RecordingMetadata,
  SensorCalibration,
  TopicSeries,
} from './imu-recording.js';
export { REFERENCE_TOPICS, sampleCount } from './imu-recording.js';
