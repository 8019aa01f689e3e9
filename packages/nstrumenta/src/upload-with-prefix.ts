import { basename } from 'node:path';
import { normalizeRemotePath } from './data-paths.js';
import type { ProjectDataStore, UploadOptions, UploadResult } from './project-data-store.js';

/** Options of {@link uploadWithPrefix}. */
export interface UploadWithPrefixOptions extends UploadOptions {
  /** The remote file name. Defaults to the local basename. */
  remoteFilename?: string;
}

/**
 * Uploads a file to `<prefix>/<basename>` (the reference's `upload_with_prefix`), overwriting by default.
 * An empty prefix puts the file at the data root (the reference produced `/name` there).
 *
 * @example
 * ```ts
 * import { copyFile, mkdir } from 'node:fs/promises';
 * import { LocalProjectStore, uploadWithPrefix } from '@tsc/nstrumenta';
 *
 * await mkdir('out');
 * await copyFile('fixtures/seed/basic_synthetic.mcap', 'out/Sensor_Log_X.classification.mcap');
 * const store = new LocalProjectStore('./nstrumenta-data');
 * const { remotePath } = await uploadWithPrefix(store, 'out/Sensor_Log_X.classification.mcap', 'Sensor_Log_X');
 * console.log(remotePath); // 'Sensor_Log_X/Sensor_Log_X.classification.mcap'
 * ```
 */
export async function uploadWithPrefix(
  store: ProjectDataStore,
  localPath: string,
  prefix: string,
  { remoteFilename, overwrite = true, ...options }: UploadWithPrefixOptions = {},
): Promise<UploadResult> {
  const remotePath = normalizeRemotePath(`${prefix}/${remoteFilename ?? basename(localPath)}`);
  return store.upload(localPath, remotePath, { ...options, overwrite });
}
