import { stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { toDataRelativePath } from './data-paths.js';
import { extractArchive } from './extract-archive.js';
import type { ProjectDataStore } from './project-data-store.js';

/** Options of {@link fetchIfMissing}. */
export interface FetchIfMissingOptions {
  /** Where to put the file. Defaults to the remote basename in the current folder. */
  localPath?: string;
  /** Extract a `.tar.gz`/`.tgz` file after fetching it (also when it was already present). Defaults to `false`. */
  extract?: boolean;
  /** Where to extract. Defaults to the folder of `localPath`. */
  extractDir?: string;
}

/** What {@link fetchIfMissing} did. */
export interface FetchIfMissingResult {
  /** The local file. */
  localPath: string;
  /** Whether it was downloaded (`false`: it was already there). */
  downloaded: boolean;
  /** The folder the archive was extracted into, if it was. */
  extractedTo?: string;
}

/**
 * Downloads a remote file only when the local file is missing (the reference's `fetch_nstrumenta_file`),
 * optionally extracting a `.tar.gz`/`.tgz` archive. Works with any {@link ProjectDataStore}.
 *
 * @example
 * ```ts
 * import { fetchIfMissing, LocalProjectStore } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * await store.upload('fixtures/seed/basic_synthetic.mcap', 'Sensor_Log_X.mcap');
 * const first = await fetchIfMissing(store, 'Sensor_Log_X.mcap', { localPath: 'data/Sensor_Log_X.mcap' });
 * const second = await fetchIfMissing(store, 'Sensor_Log_X.mcap', { localPath: 'data/Sensor_Log_X.mcap' });
 * console.log(first.downloaded, second.downloaded); // true false
 * ```
 */
export async function fetchIfMissing(
  store: ProjectDataStore,
  remotePath: string,
  { localPath, extract = false, extractDir }: FetchIfMissingOptions = {},
): Promise<FetchIfMissingResult> {
  const rel = toDataRelativePath(remotePath);
  const target = localPath ?? join(process.cwd(), posix.basename(rel));
  const present = await stat(target).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!present) await store.download(rel, target);
  const result: FetchIfMissingResult = { localPath: target, downloaded: !present };
  if (extract && /\.(tar\.gz|tgz)$/i.test(target)) {
    const into = extractDir ?? dirname(target);
    await extractArchive(target, into);
    result.extractedTo = into;
  }
  return result;
}
