export { classifyRecordingFile } from './classify-recording-file.js';
export { loadHuggingFaceCheckpoint } from './hugging-face-checkpoint.js';
export type { LabelledRecordingFiles, ReadLabelledRecordingsOptions } from './labelled-files.js';
export { findLabelledRecordings, readLabelledRecordings, readPhoneLogRecordings } from './labelled-files.js';
export { MODEL_ARCHIVE_ROOT, modelArchiveName, packModelArchive, unpackModelArchive } from './model-archive.js';
export type { ModelDirectoryMetrics, SaveModelDirectoryOptions } from './model-directory.js';
export { loadModelDirectory, readModelMetrics, saveModelDirectory } from './model-directory.js';
export type { WorkerThreadGradientsOptions } from './worker-thread-gradients.js';
export { workerThreadGradients } from './worker-thread-gradients.js';
