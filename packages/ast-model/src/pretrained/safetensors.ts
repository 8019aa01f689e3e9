import { CheckpointFormatError } from '../errors.js';

/** One tensor read from a safetensors buffer, converted to float32. */
export interface SafetensorsTensor {
  /** The stored dtype (`F32`, `F16`, `BF16`, `F64`). */
  dtype: string;
  /** The shape. */
  shape: number[];
  /** The values, row-major, as float32. */
  data: Float32Array;
}

const bytesPerElement: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Parses a safetensors buffer (8-byte little-endian header length, JSON header, raw little-endian data) into float32
 * tensors by name. Supports F32, F16, BF16 and F64. Pure: runs in browsers too.
 *
 * @param bytes - The whole file.
 * @param file - The name used in errors. Defaults to `'<memory>'`.
 * @throws {@link CheckpointFormatError} on a truncated file, a bad header, an unsupported dtype or a size mismatch.
 */
export function parseSafetensors(bytes: Uint8Array, file = '<memory>'): Map<string, SafetensorsTensor> {
  if (bytes.byteLength < 8)
    throw new CheckpointFormatError(file, 'header length', 'at least 8 bytes', bytes.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength) {
    throw new CheckpointFormatError(file, 'header length', `at most ${bytes.byteLength - 8}`, headerLength);
  }
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new CheckpointFormatError(file, 'header', 'JSON', (error as Error).message);
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, SafetensorsTensor>();
  const scratch = new DataView(new ArrayBuffer(4));
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const size = bytesPerElement[entry.dtype];
    if (size === undefined) throw new CheckpointFormatError(file, name, 'dtype F32, F16, BF16 or F64', entry.dtype);
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = entry.data_offsets;
    if (end - begin !== count * size || dataStart + end > bytes.byteLength) {
      throw new CheckpointFormatError(file, name, `${count * size} bytes within the file`, { begin, end });
    }
    const data = new Float32Array(count);
    const offset = dataStart + begin;
    for (let i = 0; i < count; i++) {
      const at = offset + i * size;
      if (entry.dtype === 'F32') data[i] = view.getFloat32(at, true);
      else if (entry.dtype === 'F64') data[i] = view.getFloat64(at, true);
      else if (entry.dtype === 'F16') data[i] = halfToFloat(view.getUint16(at, true));
      else {
        // BF16 is the upper half of a float32.
        scratch.setUint16(2, view.getUint16(at, true), true);
        data[i] = scratch.getFloat32(0, true);
      }
    }
    tensors.set(name, { dtype: entry.dtype, shape: [...entry.shape], data });
  }
  return tensors;
}

/**
 * Encodes float32 tensors as a safetensors buffer (dtype F32, names sorted, 8-byte aligned header).
 *
 * @param tensors - Tensors by name: `{ shape, data }`.
 * @param metadata - Optional string metadata (`__metadata__`).
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const tensor = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + tensor.data.length * 4] };
    offset += tensor.data.length * 4;
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    for (const value of tensors.get(name)!.data) {
      view.setFloat32(at, value, true);
      at += 4;
    }
  }
  return out;
}
