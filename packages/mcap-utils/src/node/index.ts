export { writeFileAtomic } from './atomic-write.js';
export type { FileByteSource } from './file-source.js';
export { openFileSource } from './file-source.js';
export { readRecordingFile, readRecordingStream, writeRecordingFile } from './recording-file.js';
