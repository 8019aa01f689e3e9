// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slicing by 8 bytes.

const TABLES = (() => {
  const table = new Uint32Array(256 * 8);
  for (let i = 0; i < 256; i++) {
    let r = i;
    for (let bit = 0; bit < 8; bit++) r = ((r & 1) * 0xedb88320) ^ (r >>> 1);
    table[i] = r >>> 0;
  }
  for (let i = 256; i < table.length; i++) {
    const value = table[i - 256]!;
    table[i] = (table[value & 0xff]! ^ (value >>> 8)) >>> 0;
  }
  return table;
})();

/** The initial running value for {@link crc32Update}. */
export const CRC32_INIT = 0xffffffff;

/** Feeds `bytes` into a running CRC-32 value (start from {@link CRC32_INIT}, finish with {@link crc32Final}). */
export function crc32Update(previous: number, bytes: Uint8Array): number {
  const t = TABLES;
  let crc = previous | 0;
  let i = 0;
  const length = bytes.length;
  const end8 = length - (length % 8);
  for (; i < end8; i += 8) {
    const a = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc;
    crc =
      t[0x700 + (a & 0xff)]! ^
      t[0x600 + ((a >>> 8) & 0xff)]! ^
      t[0x500 + ((a >>> 16) & 0xff)]! ^
      t[0x400 + (a >>> 24)]! ^
      t[0x300 + bytes[i + 4]!]! ^
      t[0x200 + bytes[i + 5]!]! ^
      t[0x100 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/** Finishes a running CRC-32 value. */
export function crc32Final(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A CRC-32 function with zlib's signature: the CRC of `bytes`, continuing from the CRC
 * `previous` of the bytes before them (0 to start). Node's `zlib.crc32` has this signature.
 */
export type Crc32Function = (bytes: Uint8Array, previous?: number) => number;

/** The CRC-32 of `bytes` (continuing from `previous`), as MCAP and zlib compute it; plain JS, slicing by 8. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return crc32Final(crc32Update((previous ^ 0xffffffff) >>> 0, bytes));
}
