import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sibling path of `path` for a temporary file or directory (same directory, so `rename` is atomic). */
export function temporarySibling(path: string, kind = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to a temporary file beside `path`, then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporarySibling(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
