import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export { claimTemporaryPath, writeFileAtomic } from '@tsc/mcap-utils/node';

/**
 * A sibling path of `path` that holds its previous version while a directory is replaced
 * (`.<name>.old-<pid>-<random>`; same directory, so `rename` is atomic).
 */
export function previousVersionPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
}
