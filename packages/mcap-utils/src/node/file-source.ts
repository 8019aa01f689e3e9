import { openInputFile } from '@tsc/shared/node';
import type { ByteSource } from '../mcap/byte-source.js';

/** An open file as a {@link ByteSource}; close it with `close()`. */
export interface FileByteSource extends ByteSource {
  /** Closes the file handle. */
  close(): Promise<void>;
}

/**
 * Opens `path` for random-access reads.
 *
 * @throws InvalidArgumentError naming `path` when it is missing, a folder or another non-file, or unreadable.
 */
export async function openFileSource(path: string): Promise<FileByteSource> {
  const { handle, sizeBytes: size } = await openInputFile(path);
  return {
    size,
    name: path,
    async read(offset, length) {
      const clamped = Math.max(0, Math.min(length, size - offset));
      const buffer = new Uint8Array(clamped);
      let done = 0;
      while (done < clamped) {
        const { bytesRead } = await handle.read(buffer, done, clamped - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === clamped ? buffer : buffer.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

/** Runs `use` with the file open as a {@link ByteSource}, closing it afterwards. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const source = await openFileSource(path);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}
