export type { AtomicFileWrite, ExitCleanlyOnInterruptOptions, TemporaryClaim } from '@tsc/shared/node';
export {
  checkDistinctOutputs,
  claimTemporaryPath,
  exitCleanlyOnInterrupt,
  INTERRUPT_EXIT_CODES,
  removeTemporaryFilesSync,
  sweepStaleTemporaryFiles,
  temporaryFileRegistry,
  writeFileAtomic,
  writeFilesAtomic,
} from '@tsc/shared/node';
export {
  readClassificationFile,
  readSpectrogramFile,
  writeClassificationFile,
  writeSpectrogramFile,
} from './classification-file.js';
export type { FileByteSource } from './file-source.js';
export { openFileSource } from './file-source.js';
export { freeDiskBytes } from './free-disk-space.js';
export { doctorRecordingFile, inspectRecordingFile } from './inspect-file.js';
export { readExperimentFile, readLabelsFile, writeExperimentFile, writeLabelsFile } from './json-files.js';
export { nativeCrc32 } from './native-crc32.js';
export type { ConvertPhoneLogFileOptions, PhoneLogFiles } from './phone-log-file.js';
export { convertPhoneLog, readPhoneLogText } from './phone-log-file.js';
export {
  iterateRecordingBlocks,
  readRecordingFile,
  readRecordingStream,
  writeRecordingFile,
} from './recording-file.js';
export type { RecordingStreamWriterOptions } from './recording-stream-writer.js';
export { RecordingStreamWriter } from './recording-stream-writer.js';
