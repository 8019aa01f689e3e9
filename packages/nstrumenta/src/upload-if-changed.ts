import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@tsc/shared/node';
import { normalizeRemotePath } from './data-paths.js';
import { ResponseFormatError } from './errors.js';
import type { ProjectDataStore, UploadOptions, UploadResult } from './project-data-store.js';

/** The default cache file of {@link uploadIfChanged}, in the current folder. */
export const DEFAULT_UPLOAD_CACHE_FILE = '.nstrumenta-upload-cache.json';

/** Options of {@link uploadIfChanged}. */
export interface UploadIfChangedOptions extends UploadOptions {
  /** The JSON cache of uploaded hashes (one per store). Defaults to `.nstrumenta-upload-cache.json` in the current folder. */
  cacheFile?: string;
}

/** What {@link uploadIfChanged} did. */
export interface UploadIfChangedResult {
  /** Whether the file was uploaded (`false`: same content as the last upload to that path). */
  uploaded: boolean;
  /** The hex sha256 of the file. */
  sha256: string;
  /** The upload result, when uploaded. */
  upload?: UploadResult;
}

interface CacheEntry {
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
}

/** The hex sha256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readCache(cacheFile: string): Promise<Record<string, CacheEntry>> {
  let text: string;
  try {
    text = await readFile(cacheFile, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as { entries?: Record<string, CacheEntry> };
    return parsed.entries ?? {};
  } catch {
    throw new ResponseFormatError('a JSON upload cache', text, { endpoint: `cache ${cacheFile}` });
  }
}

/**
 * Uploads a file unless its sha256 equals the one recorded for the same remote path at the last upload (the
 * reference's `upload_if_changed`, with a cache kept on disk instead of in memory, and sha256 instead of MD5).
 * Overwrites by default. The cache is updated (atomically) only after a successful upload.
 *
 * @example
 * ```ts
 * import { LocalProjectStore, uploadIfChanged } from '@tsc/nstrumenta';
 *
 * const store = new LocalProjectStore('./nstrumenta-data');
 * const first = await uploadIfChanged(store, 'fixtures/seed/basic_synthetic.mcap', 'synthetic_datasets/plan/plan.mcap');
 * const second = await uploadIfChanged(store, 'fixtures/seed/basic_synthetic.mcap', 'synthetic_datasets/plan/plan.mcap');
 * console.log(first.uploaded, second.uploaded); // true false: the file has not changed
 * ```
 */
export async function uploadIfChanged(
  store: ProjectDataStore,
  localPath: string,
  remotePath: string,
  { cacheFile = DEFAULT_UPLOAD_CACHE_FILE, overwrite = true, ...options }: UploadIfChangedOptions = {},
): Promise<UploadIfChangedResult> {
  const rel = normalizeRemotePath(remotePath);
  const sha256 = await fileSha256(localPath);
  if ((await readCache(cacheFile))[rel]?.sha256 === sha256) return { uploaded: false, sha256 };
  const upload = await store.upload(localPath, rel, { ...options, overwrite });
  const entries = await readCache(cacheFile);
  entries[rel] = { sha256, sizeBytes: upload.sizeBytes, uploadedAt: new Date().toISOString() };
  await writeFileAtomic(cacheFile, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  return { uploaded: true, sha256, upload };
}
