import { ModelDirectoryError } from '../errors.js';

/**
 * The SHA-256 of `bytes` as lowercase hex, computed with WebCrypto (`crypto.subtle`), which Node 20+ and
 * browsers provide (browsers only on https or localhost pages).
 *
 * @param source - The directory or URL the bytes belong to, for the error when WebCrypto is missing.
 * @throws {@link ModelDirectoryError} when `crypto.subtle` is not available.
 */
export async function sha256Hex(bytes: Uint8Array, source: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new ModelDirectoryError(
      source,
      'checksum',
      'WebCrypto (crypto.subtle; browsers expose it only on https or localhost pages)',
      'no crypto.subtle',
    );
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
