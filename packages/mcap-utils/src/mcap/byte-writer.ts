const textEncoder = new TextEncoder();

/**
 * A growable little-endian byte buffer for building MCAP records.
 * @internal
 */
export class ByteWriter {
  /** The backing buffer (only `bytes.subarray(0, length)` is written). */
  bytes: Uint8Array;
  /** A view over {@link ByteWriter.bytes}. */
  view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialCapacity = 4096) {
    this.bytes = new Uint8Array(initialCapacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  /** Forgets the content, keeping the capacity. */
  reset(): void {
    this.length = 0;
  }

  /** A copy of the written bytes. */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  uint8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  uint16(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  uint32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  uint64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, value, true);
    this.length += 8;
  }

  /** Writes a u64 from its high and low 32-bit words. */
  uint64Words(high: number, low: number): void {
    this.ensure(8);
    this.view.setUint32(this.length, low, true);
    this.view.setUint32(this.length + 4, high, true);
    this.length += 8;
  }

  /** Writes a u64 from a non-negative safe integer. */
  uint64Number(value: number): void {
    this.ensure(8);
    this.view.setUint32(this.length, value >>> 0, true);
    this.view.setUint32(this.length + 4, Math.floor(value / 0x100000000), true);
    this.length += 8;
  }

  /** Overwrites a u64 at an earlier position. */
  patchUint64(position: number, value: number): void {
    this.view.setUint32(position, value >>> 0, true);
    this.view.setUint32(position + 4, Math.floor(value / 0x100000000), true);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Writes an ASCII string without checking capacity or encoding: the caller has called
   * {@link ByteWriter.ensure} and knows the string is ASCII (e.g. a formatted number).
   */
  asciiUnchecked(value: string): void {
    const bytes = this.bytes;
    let position = this.length;
    for (let i = 0; i < value.length; i++) bytes[position++] = value.charCodeAt(i);
    this.length = position;
  }

  /** Writes a string's UTF-8 bytes with no length prefix; ASCII takes a fast path. */
  text(value: string): void {
    const n = value.length;
    this.ensure(n);
    const bytes = this.bytes;
    let position = this.length;
    for (let i = 0; i < n; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) {
        this.length = position;
        this.utf8(value.slice(i));
        return;
      }
      bytes[position++] = code;
    }
    this.length = position;
  }

  private utf8(value: string): void {
    this.ensure(value.length * 3);
    const { written } = textEncoder.encodeInto(value, this.bytes.subarray(this.length));
    this.length += written;
  }

  /** Writes an MCAP string: u32 byte length + UTF-8. */
  string(value: string): void {
    this.ensure(4);
    const lengthPosition = this.length;
    this.length += 4;
    this.text(value);
    this.view.setUint32(lengthPosition, this.length - lengthPosition - 4, true);
  }

  /** Writes MCAP bytes: u32 length + bytes. */
  prefixedBytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.raw(value);
  }

  /** Writes an MCAP `Map<string, string>`: u32 byte length + key/value strings. */
  stringMap(map: ReadonlyMap<string, string> | Readonly<Record<string, string>>): void {
    this.ensure(4);
    const lengthPosition = this.length;
    this.length += 4;
    const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
    for (const [key, value] of entries) {
      this.string(key);
      this.string(value);
    }
    this.view.setUint32(lengthPosition, this.length - lengthPosition - 4, true);
  }

  /** Starts a record: writes the opcode and a length placeholder; returns the position to pass to {@link ByteWriter.endRecord}. */
  beginRecord(opcode: number): number {
    this.ensure(9);
    this.bytes[this.length] = opcode;
    const position = this.length + 1;
    this.length += 9;
    return position;
  }

  /** Patches the length of a record begun at `lengthPosition`. */
  endRecord(lengthPosition: number): void {
    this.patchUint64(lengthPosition, this.length - lengthPosition - 8);
  }
}
