/**
 * 64-bit times as two 32-bit words, so hot loops never allocate BigInts: reading an element of a
 * `BigInt64Array` or calling `DataView.getBigUint64` creates a heap BigInt each time, which costs
 * more than the rest of the per-message work. Words are read and written through a `DataView` in
 * the platform's byte order (the order typed arrays use).
 */

import { InvalidArgumentError } from '@tsc/errors';

/** Whether typed arrays on this platform are little-endian. */
export const PLATFORM_LITTLE_ENDIAN: boolean = new Uint8Array(new BigUint64Array([1n]).buffer)[0] === 1;

const LOW = PLATFORM_LITTLE_ENDIAN ? 0 : 4;
const HIGH = PLATFORM_LITTLE_ENDIAN ? 4 : 0;

/** The high and low 32-bit words of every element of `times` (as unsigned 64-bit values). */
export function splitTimes(times: BigInt64Array): { high: Uint32Array; low: Uint32Array } {
  const view = new DataView(times.buffer, times.byteOffset, times.byteLength);
  const high = new Uint32Array(times.length);
  const low = new Uint32Array(times.length);
  for (let i = 0; i < times.length; i++) {
    low[i] = view.getUint32(i * 8 + LOW, PLATFORM_LITTLE_ENDIAN);
    high[i] = view.getUint32(i * 8 + HIGH, PLATFORM_LITTLE_ENDIAN);
  }
  return { high, low };
}

/** Writes element `index` of a `BigInt64Array` (viewed by `view`) from its two words. */
export function setTimeWords(view: DataView, index: number, high: number, low: number): void {
  view.setUint32(index * 8 + LOW, low, PLATFORM_LITTLE_ENDIAN);
  view.setUint32(index * 8 + HIGH, high, PLATFORM_LITTLE_ENDIAN);
}

/** The two words of a bigint taken as unsigned 64-bit (negative values wrap, as in MCAP's u64). */
export function bigintToWords(value: bigint): [high: number, low: number] {
  const unsigned = BigInt.asUintN(64, value);
  return [Number(unsigned >> 32n), Number(unsigned & 0xffffffffn)];
}

/** The signed 64-bit value of two words (as a `BigInt64Array` element would read). */
export function wordsToBigint(high: number, low: number): bigint {
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));
}

/** Decimal text of the signed 64-bit value of two words; a number fast path below 2^53. */
export function wordsToDecimal(high: number, low: number): string {
  return high < 0x200000 ? '' + (high * 4294967296 + low) : wordsToBigint(high, low).toString();
}

/** Whether (aHigh, aLow) < (bHigh, bLow) as unsigned 64-bit values. */
export function wordsLess(aHigh: number, aLow: number, bHigh: number, bLow: number): boolean {
  return aHigh < bHigh || (aHigh === bHigh && aLow < bLow);
}

/** The unsigned 64-bit value of two words (as MCAP stores log times). */
export function wordsToUnsignedBigint(high: number, low: number): bigint {
  return (BigInt(high) << 32n) | BigInt(low);
}

/** The first log time MCAP cannot hold (ns): 2⁶⁴; log times are unsigned 64-bit. */
export const LOG_TIME_END_NS: bigint = 1n << 64n;

/** Whether `value` is a log time MCAP can hold: an integer number of ns in [0, 2⁶⁴). */
export function isLogTime(value: bigint): boolean {
  return value >= 0n && value < LOG_TIME_END_NS;
}

/**
 * The error for a log time outside [0, 2⁶⁴) ns, which writing would otherwise wrap (−5 ns would read back as
 * 18446744073709551611 ns).
 *
 * @param field - The record at fault, naming its topic, e.g. `recording.topics.mag_raw.timestampsNs[0]`.
 * @param found - The time (ns).
 * @param file - The file being written, when known.
 */
export function logTimeRangeError(field: string, found: bigint, file?: string): InvalidArgumentError {
  const expected = 'a log time in [0, 2⁶⁴) ns (MCAP log times are unsigned 64-bit)';
  return new InvalidArgumentError(field, expected, found, { file });
}

/** The index of the first negative element of `times`, or −1 (read from the high words: no BigInt is created). */
export function firstNegativeTime(times: BigInt64Array): number {
  const view = new DataView(times.buffer, times.byteOffset, times.byteLength);
  for (let i = 0; i < times.length; i++) if (view.getInt32(i * 8 + HIGH, PLATFORM_LITTLE_ENDIAN) < 0) return i;
  return -1;
}
