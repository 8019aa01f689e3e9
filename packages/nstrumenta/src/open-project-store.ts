import { LocalProjectStore } from './local-project-store.js';
import { NstrumentaClient, type NstrumentaClientOptions } from './nstrumenta-client.js';
import type { ProjectDataStore } from './project-data-store.js';

/** The default folder of the local store, relative to the current folder. */
export const DEFAULT_LOCAL_ROOT = 'nstrumenta-data';

/** Options of {@link openProjectStore}. */
export interface OpenProjectStoreOptions extends NstrumentaClientOptions {
  /** The folder of the local store used without a key. Defaults to `nstrumenta-data` in the current folder. */
  localRoot?: string;
  /** The project id of the local store. Defaults to `local`. */
  localProjectId?: string;
}

/**
 * The platform client when an API key is set (`apiKey`, else `NSTRUMENTA_API_KEY`), else a
 * {@link LocalProjectStore} in `localRoot`: the pipeline runs the same way with or without an account.
 *
 * @example
 * ```ts
 * import { openProjectStore } from '@tsc/nstrumenta';
 *
 * const store = openProjectStore({ localRoot: './nstrumenta-data' });
 * console.log(store.kind); // 'local' without NSTRUMENTA_API_KEY, 'remote' with it
 * ```
 */
export function openProjectStore({
  apiKey = process.env.NSTRUMENTA_API_KEY,
  localRoot = DEFAULT_LOCAL_ROOT,
  localProjectId,
  ...clientOptions
}: OpenProjectStoreOptions = {}): ProjectDataStore {
  if (apiKey !== undefined && apiKey.trim() !== '') return new NstrumentaClient({ ...clientOptions, apiKey });
  return new LocalProjectStore(localRoot, localProjectId === undefined ? {} : { projectId: localProjectId });
}
