export type { DatasetEntry, DatasetManifest, DatasetProgress, GenerateDatasetOptions } from './generate-dataset.js';
export { generateDataset } from './generate-dataset.js';
export type { GeneratedFiles, GenerateToFilesOptions } from './generate-to-files.js';
export { generateToFiles } from './generate-to-files.js';
export { PlanFileError, readPlanFile } from './read-plan-file.js';
