import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The bytes an unprivileged user may still write on the file system that holds `path` (`statfs` blocks available
 * × block size). `path` need not exist yet: its nearest existing ancestor is asked. `undefined` when the system
 * cannot tell.
 *
 * @example
 * ```ts
 * import { freeDiskBytes } from '@tsc/mcap-utils/node';
 *
 * const free = await freeDiskBytes('data/new-dataset'); // need not exist yet
 * console.log(free); // e.g. 52613349376
 * ```
 */
export async function freeDiskBytes(path: string): Promise<number | undefined> {
  for (let current = resolve(path); ; current = dirname(current)) {
    const stats = await fs.statfs(current).catch(() => undefined);
    if (stats !== undefined) return stats.bavail * stats.bsize;
    if (dirname(current) === current) return undefined;
  }
}
