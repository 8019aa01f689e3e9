// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/nstrumenta`: a typed client for the Nstrumenta data platform and a local store with the same interface. The
// stand-in server for tests is on `@tsc/nstrumenta/testing`.

// ---- the client: the project's data over the Nstrumenta API, and the store interface it implements ----
export type { GetUploadUrlOptions, NstrumentaClientOptions, UploadSession } from './nstrumenta-client.js';
export { NstrumentaClient, UPLOAD_CHUNK_GRANULARITY_BYTES } from './nstrumenta-client.js';
export type {
  DataObject,
  DataObjectFields,
  DownloadOptions,
  ProjectDataStore,
  ProjectInfo,
  SetDataMetadataOptions,
  UploadOptions,
  UploadResult,
  WaitForListedOptions,
} from './project-data-store.js';
export type { ParsedApiKey } from './api-key.js';
export { formatApiKey, parseApiKey } from './api-key.js';

// ---- remote paths: relative to the project's data/ folder, from full storage paths too ----
export type { ToDataRelativePathOptions } from './data-paths.js';
export { experimentLabelPaths, normalizeRemotePath, toDataRelativePath, toStoragePath } from './data-paths.js';

// ---- robustness: time limits and retries with seeded jitter ----
export type { RetryPolicyOptions } from './retry-policy.js';

// ---- helpers that work with any store ----
export type { FetchIfMissingOptions, FetchIfMissingResult } from './fetch-if-missing.js';
export { fetchIfMissing } from './fetch-if-missing.js';
export type { UploadWithPrefixOptions } from './upload-with-prefix.js';
export { uploadWithPrefix } from './upload-with-prefix.js';
export type { UploadIfChangedOptions, UploadIfChangedResult } from './upload-if-changed.js';
export { DEFAULT_UPLOAD_CACHE_FILE, fileSha256, uploadIfChanged } from './upload-if-changed.js';
export { extractArchive } from './extract-archive.js';

// ---- the local store, and the choice between it and the client ----
export type { LocalProjectStoreOptions } from './local-project-store.js';
export { LocalProjectStore } from './local-project-store.js';
export type { OpenProjectStoreOptions } from './open-project-store.js';
export { DEFAULT_LOCAL_ROOT, openProjectStore } from './open-project-store.js';

// ---- errors: every one an NstrumentaError naming the endpoint and the remote path ----
export type { NstrumentaErrorContext } from './errors.js';
export {
  ApiKeyError,
  AuthError,
  ConflictError,
  HttpError,
  IncompleteDownloadError,
  LocalFileError,
  NetworkError,
  NotFoundError,
  NstrumentaError,
  RemotePathError,
  ResponseFormatError,
  TimeoutError,
  UploadVerificationError,
} from './errors.js';
export { TscError } from '@tsc/errors';
