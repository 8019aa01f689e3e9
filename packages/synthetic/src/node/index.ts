export type {
  DatasetEntry,
  DatasetManifest,
  DatasetProgress,
  DatasetVariety,
  GenerateDatasetOptions,
  LevelSeconds,
} from './generate-dataset.js';
export { generateDataset } from './generate-dataset.js';
export type { GeneratedFiles, GenerateToFilesOptions } from './generate-to-files.js';
export { generateToFiles } from './generate-to-files.js';
export type { PlanFileErrorOptions } from './read-plan-file.js';
export { PlanFileError, readPlanFile } from './read-plan-file.js';
