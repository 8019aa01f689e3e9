import { TscError } from './tsc-error.js';

/** Explanations of the file-system error codes a write commonly meets. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  EISDIR: 'the path is a folder',
  ENOSPC: 'no space left on the device',
  EFBIG: 'the file is larger than the file system allows',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a component of the path is a file, not a folder',
};

/**
 * Writing a file failed (full disk, file too large, a folder at the path, no permission). Names the file the
 * caller asked for, never a temporary file, with the system error code and what it means.
 *
 * @example
 * ```ts
 * import { mkdir } from 'node:fs/promises';
 * import { FileWriteError } from '@tsc/mcap-utils';
 * import { writeFileAtomic } from '@tsc/mcap-utils/node';
 *
 * await mkdir('out.txt'); // a folder where the file should go
 * try {
 *   await writeFileAtomic('out.txt', 'hello');
 * } catch (error) {
 *   if (error instanceof FileWriteError) console.log(error.path, error.code); // out.txt EISDIR
 * }
 * ```
 */
export class FileWriteError extends TscError {
  static override readonly marker: symbol = Symbol.for('tsc.error.FileWriteError');

  /** The system error code, e.g. `ENOSPC`. */
  readonly code: string;

  constructor(
    /** The file that could not be written. */
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as { code?: unknown } | null)?.code;
    const text = typeof code === 'string' ? code : String(cause);
    const meaning = typeof code === 'string' ? WRITE_FAILURES[code] : undefined;
    super(`${path}: cannot write the file: ${text}${meaning === undefined ? '' : ` (${meaning})`}`, { cause });
    this.code = text;
  }
}
