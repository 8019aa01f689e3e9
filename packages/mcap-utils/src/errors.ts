import { TscError } from '@tsc/errors';

/** Shortens a found value for an error message: JSON, at most 80 characters. */
export function describeFound(found: unknown): string {
  let text: string;
  if (typeof found === 'bigint') text = `${found}n`;
  else if (typeof found === 'number' && !Number.isFinite(found)) text = String(found);
  else if (found instanceof Uint8Array) text = `${found.byteLength} bytes`;
  else {
    try {
      text = JSON.stringify(found) ?? String(found);
    } catch {
      text = String(found);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The name used in messages when bytes did not come from a file. */
export const IN_MEMORY = '<memory>';

/**
 * The bytes are not a valid MCAP file at some offset: bad magic, a record that does not parse,
 * a length that runs past the end, an unknown opcode where one is required.
 *
 * @example
 * ```ts
 * try {
 *   await decodeRecording(new TextEncoder().encode('not an MCAP file'), { fileName: 'x.mcap' });
 * } catch (error) {
 *   if (error instanceof McapFormatError) console.log(error.offset, error.expected, error.found);
 * }
 * ```
 */
export class McapFormatError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Byte offset in the file (or in a decompressed chunk, see `record`) where the problem is. */
    readonly offset: number,
    /** The record being read, e.g. `Footer`, `Chunk at 42 / Message`. */
    readonly record: string,
    /** What the reader expected. */
    readonly expected: string,
    /** What it found. */
    readonly found: unknown,
  ) {
    super(`${file}: ${record} at offset ${offset}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/**
 * The file ends before its last record is complete (or has no footer). Thrown by the indexed reader;
 * the streaming reader instead returns what it could read and reports the truncation.
 *
 * @example
 * ```ts
 * import { readRecordingStream } from '@tsc/mcap-utils/node';
 * const { recording, truncation } = await readRecordingStream('cut.mcap'); // no throw
 * ```
 */
export class McapTruncatedError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Offset of the record that is incomplete. */
    readonly offset: number,
    /** Bytes the record needs. */
    readonly expectedBytes: number,
    /** Bytes that are left in the file from `offset`. */
    readonly foundBytes: number,
  ) {
    super(`${file}: truncated at offset ${offset}: expected ${expectedBytes} more bytes, found ${foundBytes}`);
  }
}

/**
 * A CRC32 stored in the file does not match the bytes it covers.
 *
 * @example
 * ```ts
 * if (error instanceof McapCrcError) console.log(error.record, error.expected.toString(16));
 * ```
 */
export class McapCrcError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Offset of the record whose CRC fails. */
    readonly offset: number,
    /** Which CRC: `Chunk`, `Summary`, `DataEnd`. */
    readonly record: string,
    /** The CRC stored in the file. */
    readonly expected: number,
    /** The CRC computed from the bytes. */
    readonly found: number,
  ) {
    super(
      `${file}: ${record} at offset ${offset}: CRC mismatch: expected 0x${expected.toString(16).padStart(8, '0')}, found 0x${found.toString(16).padStart(8, '0')}`,
    );
  }
}

/**
 * A chunk uses a compression this library cannot decompress (or a writer was asked for one it cannot write).
 *
 * @example
 * ```ts
 * if (error instanceof UnsupportedCompressionError) console.log(error.compression);
 * ```
 */
export class UnsupportedCompressionError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** Offset of the chunk. */
    readonly offset: number,
    /** The compression name found. */
    readonly compression: string,
    /** The compressions supported. */
    readonly supported: readonly string[],
  ) {
    super(
      `${file}: chunk at offset ${offset}: unsupported compression ${JSON.stringify(compression)}, expected one of ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    );
  }
}

/**
 * A topic that was asked for is not in the recording.
 *
 * @example
 * ```ts
 * if (error instanceof MissingTopicError) console.log(error.topic, error.available);
 * ```
 */
export class MissingTopicError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The topic asked for. */
    readonly topic: string,
    /** The topics the recording has. */
    readonly available: readonly string[],
  ) {
    super(`${file}: missing topic ${JSON.stringify(topic)}: expected one of [${available.join(', ')}]`);
  }
}

/**
 * A message body is not the JSON the channel's schema describes (e.g. `sensor_event` without a
 * numeric `values` array).
 *
 * @example
 * ```ts
 * if (error instanceof MalformedMessageError) console.log(error.topic, error.logTimeNs);
 * ```
 */
export class MalformedMessageError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The message's topic. */
    readonly topic: string,
    /** The message's log time (ns). */
    readonly logTimeNs: bigint,
    /** Offset of the message record (in the file, or `chunk+record` in a chunk). */
    readonly offset: string,
    /** What the body should contain. */
    readonly expected: string,
    /** What was found (a prefix of the body). */
    readonly found: unknown,
  ) {
    super(
      `${file}: topic ${topic} message at ${offset} (log time ${logTimeNs} ns): malformed body: expected ${expected}, found ${describeFound(found)}`,
    );
  }
}

/**
 * A message has a different number of values than the earlier messages of its topic (or than the
 * width a caller required).
 *
 * @example
 * ```ts
 * if (error instanceof ValueWidthError) console.log(error.topic, error.expected, error.found);
 * ```
 */
export class ValueWidthError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** The topic. */
    readonly topic: string,
    /** The log time (ns) of the offending sample. */
    readonly logTimeNs: bigint,
    /** The width expected. */
    readonly expected: number,
    /** The width found. */
    readonly found: number,
  ) {
    super(
      `${file}: topic ${topic} at log time ${logTimeNs} ns: expected ${expected} values per sample, found ${found}`,
    );
  }
}

/**
 * A labels, experiment or phone-log JSON file does not have the expected shape.
 *
 * @example
 * ```ts
 * try {
 *   parseLabels('{"events": [{"id": 1}]}', { fileName: 'a.labels.json' });
 * } catch (error) {
 *   if (error instanceof JsonValidationError) console.log(error.path); // "events[0].id"
 * }
 * ```
 */
export class JsonValidationError extends TscError {
  constructor(
    /** The file (or `<memory>`). */
    readonly file: string,
    /** JSON path of the bad value, e.g. `events[2].startTime.sec`. */
    readonly path: string,
    /** What was expected. */
    readonly expected: string,
    /** What was found. */
    readonly found: unknown,
  ) {
    super(`${file}: ${path || '<root>'}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/**
 * An argument passed by the caller is invalid (e.g. a recording whose series have inconsistent lengths).
 *
 * @example
 * ```ts
 * if (error instanceof InvalidArgumentError) console.log(error.argument, error.expected);
 * ```
 */
export class InvalidArgumentError extends TscError {
  constructor(
    /** The argument or field, e.g. `recording.topics.mag_raw.values`. */
    readonly argument: string,
    /** What was expected. */
    readonly expected: string,
    /** What was found. */
    readonly found: unknown,
  ) {
    super(`${argument}: expected ${expected}, found ${describeFound(found)}`);
  }
}

/**
 * A sample value is NaN or infinite where finite numbers are needed (cutting windows for spectrograms).
 * Names the file, the topic, the log time and the axis of the first such value.
 *
 * @example
 * ```ts
 * if (error instanceof NonFiniteSampleError) console.log(error.file, error.topic, error.logTimeNs);
 * ```
 */
export class NonFiniteSampleError extends TscError {
  constructor(
    /** The file (or `<recording>` for a recording not read from a file). */
    readonly file: string,
    /** The topic. */
    readonly topic: string,
    /** The log time of the sample (ns). */
    readonly logTimeNs: bigint,
    /** The value's index within the sample (0 = x). */
    readonly axis: number,
    /** The value found. */
    readonly found: number,
  ) {
    super(
      `${file}: topic ${topic} at log time ${logTimeNs} ns (value ${axis}): expected a finite number, found ${found} (pass nonFinitePolicy 'skip' to drop the windows that hold such samples)`,
    );
  }
}

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
 * if (error instanceof FileWriteError) console.log(error.path, error.code);
 * ```
 */
export class FileWriteError extends TscError {
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
