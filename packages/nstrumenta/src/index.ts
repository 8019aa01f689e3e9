export { TscError } from '@tsc/errors';
export type { ParsedApiKey } from './api-key.js';
export { formatApiKey, parseApiKey } from './api-key.js';
export type { ToDataRelativePathOptions } from './data-paths.js';
export { experimentLabelPaths, normalizeRemotePath, toDataRelativePath, toStoragePath } from './data-paths.js';
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
export { extractArchive } from './extract-archive.js';
export type { FetchIfMissingOptions, FetchIfMissingResult } from './fetch-if-missing.js';
export { fetchIfMissing } from './fetch-if-missing.js';
export type { LocalProjectStoreOptions } from './local-project-store.js';
export { LocalProjectStore } from './local-project-store.js';
export type { GetUploadUrlOptions, NstrumentaClientOptions, UploadSession } from './nstrumenta-client.js';
export { NstrumentaClient, parseDownloadUrl, UPLOAD_CHUNK_GRANULARITY_BYTES } from './nstrumenta-client.js';
export type { OpenProjectStoreOptions } from './open-project-store.js';
export { DEFAULT_LOCAL_ROOT, openProjectStore } from './open-project-store.js';
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
export type { RetryPolicyOptions } from './retry-policy.js';
export { parseRetryAfterMs, RETRYABLE_STATUSES } from './retry-policy.js';
export type { UploadIfChangedOptions, UploadIfChangedResult } from './upload-if-changed.js';
export { DEFAULT_UPLOAD_CACHE_FILE, fileSha256, uploadIfChanged } from './upload-if-changed.js';
export type { UploadWithPrefixOptions } from './upload-with-prefix.js';
export { uploadWithPrefix } from './upload-with-prefix.js';
