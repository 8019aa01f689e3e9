/** The 8 magic bytes at the start and end of every MCAP file: `\x89MCAP0\r\n`. */
export const MCAP_MAGIC: Uint8Array = new Uint8Array([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a]);

/** MCAP record opcodes (on-disk codes). */
export enum Opcode {
  /** File header: profile and library. */
  Header = 0x01,
  /** File footer: summary offsets and CRC. */
  Footer = 0x02,
  /** A message schema. */
  Schema = 0x03,
  /** A channel (topic). */
  Channel = 0x04,
  /** One message. */
  Message = 0x05,
  /** A (compressed) group of records. */
  Chunk = 0x06,
  /** Per-channel message offsets inside a chunk. */
  MessageIndex = 0x07,
  /** Summary: where a chunk is and what it holds. */
  ChunkIndex = 0x08,
  /** An attached file. */
  Attachment = 0x09,
  /** Summary: where an attachment is. */
  AttachmentIndex = 0x0a,
  /** Summary: counts and time range. */
  Statistics = 0x0b,
  /** Name/value string metadata. */
  Metadata = 0x0c,
  /** Summary: where a metadata record is. */
  MetadataIndex = 0x0d,
  /** Summary: where each group of summary records is. */
  SummaryOffset = 0x0e,
  /** End of the data section, with its CRC. */
  DataEnd = 0x0f,
}

/** Record header size: 1 byte opcode + 8 bytes length. */
export const RECORD_HEADER_BYTES = 9;

/** Footer record size including its 9-byte header. */
export const FOOTER_RECORD_BYTES = 9 + 8 + 8 + 4;

/** The name of a record kind for messages: `Chunk`, `Footer`, or `record 0x42` for an unknown opcode. */
export function opcodeName(opcode: number): string {
  return Opcode[opcode] ?? `record 0x${opcode.toString(16).padStart(2, '0')}`;
}
