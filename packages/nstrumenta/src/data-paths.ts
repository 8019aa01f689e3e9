import { RemotePathError } from './errors.js';

const STORAGE_PATH = /^\/?projects\/([^/]+)\/data\/(.+)$/;

/**
 * Normalises a data-relative remote path: strips leading `/` (the reference notebook's empty prefix gives
 * `/name`), collapses repeated `/`, and rejects empty paths and `.`/`..` segments.
 *
 * @throws {@link RemotePathError} for an empty path or one with `.` or `..` segments.
 *
 * @example
 * ```ts
 * import { normalizeRemotePath } from '@tsc/nstrumenta';
 *
 * console.log(normalizeRemotePath('/3AF306.model.tar.gz')); // '3AF306.model.tar.gz'
 * ```
 */
export function normalizeRemotePath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) throw new RemotePathError(path, 'a non-empty path relative to data/');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new RemotePathError(path, 'a path without "." or ".." segments');
  }
  return segments.join('/');
}

/** Options of {@link toDataRelativePath}. */
export interface ToDataRelativePathOptions {
  /** When set, a full storage path must belong to this project. Defaults to any project. */
  projectId?: string;
}

/**
 * Maps a path found in experiment and label files (`projects/<id>/data/<rel>`, a full storage path) to the
 * data-relative path the client methods take (`<rel>`). Paths that are already relative are normalised.
 *
 * @throws {@link RemotePathError} for a `projects/...` path outside `data/`, a path of another project
 * (with `projectId`), or an unusable relative path.
 *
 * @example
 * ```ts
 * import { toDataRelativePath } from '@tsc/nstrumenta';
 *
 * console.log(toDataRelativePath('projects/nst-test/data/synthetic_test/synthetic_test.labels.json'));
 * // 'synthetic_test/synthetic_test.labels.json'
 * ```
 */
export function toDataRelativePath(path: string, { projectId }: ToDataRelativePathOptions = {}): string {
  const match = STORAGE_PATH.exec(path);
  if (match) {
    if (projectId !== undefined && match[1] !== projectId) {
      throw new RemotePathError(path, `a path of project ${projectId}, found project ${match[1]}`);
    }
    return normalizeRemotePath(match[2]!);
  }
  if (/^\/?projects\//.test(path)) throw new RemotePathError(path, 'projects/<id>/data/<path>');
  return normalizeRemotePath(path);
}

/**
 * The full storage path of a data-relative path: `projects/<projectId>/data/<rel>`.
 *
 * @example
 * ```ts
 * import { toStoragePath } from '@tsc/nstrumenta';
 *
 * console.log(toStoragePath('a/b.mcap', 'nst-test')); // 'projects/nst-test/data/a/b.mcap'
 * ```
 */
export function toStoragePath(remotePath: string, projectId: string): string {
  return `projects/${projectId}/data/${toDataRelativePath(remotePath, { projectId })}`;
}

/**
 * The data-relative paths of the label files an experiment file lists (`labelFiles[].filePath`).
 *
 * @throws {@link RemotePathError} when `labelFiles` is missing or an entry has no string `filePath`.
 *
 * @example
 * ```ts
 * import { experimentLabelPaths } from '@tsc/nstrumenta';
 *
 * console.log(experimentLabelPaths({ labelFiles: [{ filePath: 'projects/nst-test/data/a/a.labels.json' }] })); // ['a/a.labels.json']
 * ```
 */
export function experimentLabelPaths(experiment: unknown, options: ToDataRelativePathOptions = {}): string[] {
  const labelFiles = (experiment as { labelFiles?: unknown } | null)?.labelFiles;
  if (!Array.isArray(labelFiles)) throw new RemotePathError('labelFiles', 'an array of {filePath}');
  return labelFiles.map((entry, index) => {
    const filePath = (entry as { filePath?: unknown } | null)?.filePath;
    if (typeof filePath !== 'string') throw new RemotePathError(`labelFiles[${index}].filePath`, 'a string');
    return toDataRelativePath(filePath, options);
  });
}
