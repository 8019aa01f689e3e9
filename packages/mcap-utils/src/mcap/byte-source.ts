/**
 * Random access to the bytes of an MCAP file: in memory ({@link bytesSource}) or a file
 * (`fileSource` in `@tsc/mcap-utils/node`). Readers only ask for the ranges they need.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** The file name used in error messages. */
  readonly name: string;
  /** Reads `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A {@link ByteSource} over bytes in memory. */
export function bytesSource(bytes: Uint8Array, name = '<memory>'): ByteSource {
  return {
    size: bytes.length,
    name,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}
