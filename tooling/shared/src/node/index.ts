export type { AtomicFileWrite } from './atomic-write.js';
export {
  checkDistinctOutputs,
  createParentFolder,
  writeFileAtomic,
  writeFilesAtomic,
  writeStreamAtomic,
} from './atomic-write.js';
export type { InputFileOptions } from './input-file.js';
export { describePathKind, openInputFile, readInputFile } from './input-file.js';
export type { ExitCleanlyOnInterruptOptions, TemporaryClaim } from './temporary-files.js';
export {
  claimTemporaryPath,
  exitCleanlyOnInterrupt,
  INTERRUPT_EXIT_CODES,
  isTemporaryName,
  previousVersionPath,
  removeTemporaryFilesSync,
  sweepStaleTemporaryFiles,
  temporaryFileRegistry,
} from './temporary-files.js';
