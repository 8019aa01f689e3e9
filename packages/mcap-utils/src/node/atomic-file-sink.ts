import { closeSync, promises as fs, fsyncSync, openSync, writeSync } from 'node:fs';
import { TscError } from '@tsc/errors';
import { claimTemporaryPath, createParentFolder } from '@tsc/shared/node';
import { FileWriteError } from '../errors.js';
import type { ByteSink } from '../mcap/json-mcap-writer.js';

/**
 * A {@link ByteSink} that writes each block straight to a temporary file beside `path` (registered for interrupt
 * cleanup), so a long MCAP file is never held whole in memory; {@link AtomicFileSink.commit} syncs it and renames
 * it into place, {@link AtomicFileSink.abort} deletes it. Errors name `path`, never the temporary file.
 * @internal
 */
export class AtomicFileSink implements ByteSink {
  readonly #fd: number;
  readonly #release: () => void;
  #open = true;

  private constructor(
    /** The final path, named in errors. */
    readonly path: string,
    /** The temporary file written. */
    readonly temporaryPath: string,
    release: () => void,
  ) {
    this.#fd = openSync(temporaryPath, 'wx');
    this.#release = release;
  }

  /**
   * Creates missing folders above `path`, sweeps stale temporary files beside it and opens a fresh one.
   *
   * @throws InvalidArgumentError naming `path` when its folder cannot be created; FileWriteError naming `path`
   *   when the temporary file cannot be opened.
   */
  static async open(path: string): Promise<AtomicFileSink> {
    await createParentFolder(path);
    const { temporaryPath, release } = await claimTemporaryPath(path);
    try {
      return new AtomicFileSink(path, temporaryPath, release);
    } catch (error) {
      release();
      throw new FileWriteError(path, error);
    }
  }

  /** Appends `bytes` to the temporary file. @throws FileWriteError naming `path` (e.g. a full disk). */
  write(bytes: Uint8Array): void {
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
    } catch (error) {
      throw new FileWriteError(this.path, error);
    }
  }

  /** Syncs and closes the temporary file and renames it to `path`; on failure deletes it. */
  async commit(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    try {
      fsyncSync(this.#fd);
      closeSync(this.#fd);
      await fs.rename(this.temporaryPath, this.path);
    } catch (error) {
      await fs.rm(this.temporaryPath, { force: true });
      throw TscError.isInstance(error) ? error : new FileWriteError(this.path, error);
    } finally {
      this.#release();
    }
  }

  /** Closes and deletes the temporary file; `path` is left as it was. */
  async abort(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    try {
      closeSync(this.#fd);
    } finally {
      await fs.rm(this.temporaryPath, { force: true });
      this.#release();
    }
  }
}
