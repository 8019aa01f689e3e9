import { InvalidArgumentError } from './errors.js';

/** A float32 array with its shape, row-major (C order). */
export interface Float32Tensor {
  /** Values, row-major. */
  readonly data: Float32Array;
  /** Dimensions. */
  readonly shape: readonly number[];
}

/** Options of {@link encodeNpy}. */
export interface EncodeNpyOptions {
  /**
   * Store the array in Fortran (column-major) order, as NumPy does for transposed views (the
   * reference's spectrograms). Only for 1-D and 2-D arrays. Defaults to false.
   */
  fortranOrder?: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function header(shape: readonly number[], fortranOrder: boolean): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '<f4', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  // Version 1.0: magic(6) + version(2) + u16 length, header padded with spaces + '\n' to a multiple of 64.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = (total - 10) & 0xff;
  out[9] = (total - 10) >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

function checkShape(tensor: Float32Tensor): void {
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  if (!tensor.shape.every((d) => Number.isInteger(d) && d >= 0) || count !== tensor.data.length) {
    throw new InvalidArgumentError(
      'shape',
      `non-negative integers whose product is ${tensor.data.length}`,
      tensor.shape,
    );
  }
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

/**
 * Encodes a float32 array as a NumPy `.npy` file (version 1.0, `'<f4'`).
 *
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from '@tsc/mcap-utils';
 *
 * const npy = encodeNpy({ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] });
 * console.log(decodeNpy(npy)); // { data: Float32Array [1, 2, 3, 4, 5, 6], shape: [2, 3] }
 * ```
 */
export function encodeNpy(tensor: Float32Tensor, { fortranOrder = false }: EncodeNpyOptions = {}): Uint8Array {
  checkShape(tensor);
  let data = tensor.data;
  if (fortranOrder && tensor.shape.length === 2) {
    const [rows, columns] = tensor.shape as [number, number];
    data = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) data[c * rows + r] = tensor.data[r * columns + c]!;
  } else if (fortranOrder && tensor.shape.length > 2) {
    throw new InvalidArgumentError('fortranOrder', 'a 1-D or 2-D array', tensor.shape);
  }
  return encodeNpyRaw(data, tensor.shape, fortranOrder);
}

/** Writes `.npy` bytes with `data` stored as given (already in the order `fortranOrder` says). @internal */
export function encodeNpyRaw(data: Float32Array, shape: readonly number[], fortranOrder: boolean): Uint8Array {
  const head = header(shape, fortranOrder);
  const out = new Uint8Array(head.length + data.length * 4);
  out.set(head, 0);
  out.set(littleEndianBytes(data), head.length);
  return out;
}

/** The header fields of a `.npy` file. */
export interface NpyHeader {
  /** Dimensions as stored. */
  readonly shape: readonly number[];
  /** Whether the data is column-major. */
  readonly fortranOrder: boolean;
  /** Offset of the data. */
  readonly dataOffset: number;
}

/**
 * Parses the header of `.npy` bytes (float32 little-endian only).
 *
 * @throws InvalidArgumentError when the bytes are not a `'<f4'` `.npy` array.
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const bad = (expected: string, found: unknown): never => {
    throw new InvalidArgumentError('npy', expected, found);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) bad('the .npy magic \\x93NUMPY', bytes.subarray(0, 6));
  const major = bytes[6]!;
  const lengthBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) bad('.npy version 1, 2 or 3', major);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > bytes.length) bad(`a header of ${headerLength} bytes`, `${bytes.length - 8 - lengthBytes} bytes`);
  let text = '';
  for (let i = 8 + lengthBytes; i < dataOffset; i++) text += String.fromCharCode(bytes[i]!);
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  if (descr !== '<f4') bad("dtype '<f4' (float32 little-endian)", descr ?? text);
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  if (fortran === undefined) bad("a 'fortran_order' entry", text);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (shapeText === undefined) bad("a 'shape' entry", text);
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) bad('integer dimensions', shapeText);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataOffset !== count * 4)
    bad(`${count * 4} data bytes for shape (${shape.join(', ')})`, bytes.length - dataOffset);
  return { shape, fortranOrder: fortran === 'True', dataOffset };
}

function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Decodes a float32 `.npy` array into row-major data with its shape (Fortran-ordered 2-D arrays
 * are transposed into C order).
 *
 * @throws InvalidArgumentError when the bytes are not a `'<f4'` `.npy` array.
 */
export function decodeNpy(bytes: Uint8Array): Float32Tensor {
  const { shape, fortranOrder, dataOffset } = parseNpyHeader(bytes);
  const count = shape.reduce((a, b) => a * b, 1);
  const raw = readFloats(bytes, dataOffset, count);
  if (!fortranOrder || shape.length < 2) return { data: raw, shape };
  if (shape.length > 2) throw new InvalidArgumentError('npy', 'a 1-D or 2-D array when fortran_order is True', shape);
  const [rows, columns] = shape as [number, number];
  const data = new Float32Array(count);
  for (let c = 0; c < columns; c++) for (let r = 0; r < rows; r++) data[r * columns + c] = raw[c * rows + r]!;
  return { data, shape };
}

/** Reads the raw stored floats of `.npy` bytes without reordering. @internal */
export function decodeNpyRaw(bytes: Uint8Array): { data: Float32Array; header: NpyHeader } {
  const header = parseNpyHeader(bytes);
  return {
    data: readFloats(
      bytes,
      header.dataOffset,
      header.shape.reduce((a, b) => a * b, 1),
    ),
    header,
  };
}
