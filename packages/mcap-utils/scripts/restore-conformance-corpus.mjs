#!/usr/bin/env node
// Restores the .mcap files of fixtures/mcap-conformance from their .json specs. The corpus came from foxglove/mcap
// (tests/conformance/data, MIT) with every .mcap stored as a Git LFS pointer (sha256 + size); the .json beside each
// lists every record in file order and its variant features. This rebuilds each file with @mcap/core's record
// builders in the corpus's layout (data records, optionally in one uncompressed chunk with message indexes, then
// the summary groups and summary offsets the features ask for, with every CRC) and writes it only when its sha256
// and size equal the recorded ones, so the restored bytes are foxglove's. The hashes are kept in SHA256SUMS.
//   node scripts/restore-conformance-corpus.mjs [--check]   (--check: verify the files on disk, write nothing)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { McapChunkBuilder, McapRecordBuilder, Opcode } from '@mcap/core';

const corpus = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'mcap-conformance');
const sumsPath = join(corpus, 'SHA256SUMS');

/** The data records of a corpus .json (those before DataEnd), in @mcap/core's record shapes. */
function dataRecords(spec) {
  const records = [];
  for (const { type, fields } of spec.records) {
    if (type === 'DataEnd') break;
    const f = Object.fromEntries(fields);
    const bytes = (list) => Uint8Array.from(list.map(Number));
    if (type === 'Schema')
      records.push({ type, id: Number(f.id), name: f.name, encoding: f.encoding, data: bytes(f.data) });
    if (type === 'Channel') {
      const metadata = new Map(Object.entries(f.metadata));
      records.push({
        type,
        id: Number(f.id),
        schemaId: Number(f.schema_id),
        topic: f.topic,
        messageEncoding: f.message_encoding,
        metadata,
      });
    }
    if (type === 'Message') {
      const [logTime, publishTime] = [BigInt(f.log_time), BigInt(f.publish_time)];
      records.push({
        type,
        channelId: Number(f.channel_id),
        sequence: Number(f.sequence),
        logTime,
        publishTime,
        data: bytes(f.data),
      });
    }
    if (type === 'Attachment') {
      const [logTime, createTime] = [BigInt(f.log_time), BigInt(f.create_time)];
      records.push({ type, name: f.name, mediaType: f.media_type, logTime, createTime, data: bytes(f.data) });
    }
    if (type === 'Metadata') records.push({ type, name: f.name, metadata: new Map(Object.entries(f.metadata)) });
  }
  return records;
}

/** Counts and time range of the data records, as the Statistics record states them. */
function statistics(records, chunkCount) {
  const count = (type) => records.filter((r) => r.type === type).length;
  const messages = records.filter((r) => r.type === 'Message');
  const channelMessageCounts = new Map();
  for (const m of messages) channelMessageCounts.set(m.channelId, (channelMessageCounts.get(m.channelId) ?? 0n) + 1n);
  let messageStartTime;
  let messageEndTime;
  for (const { logTime } of messages) {
    if (messageStartTime === undefined || logTime < messageStartTime) messageStartTime = logTime;
    if (messageEndTime === undefined || logTime > messageEndTime) messageEndTime = logTime;
  }
  return {
    messageCount: BigInt(messages.length),
    schemaCount: count('Schema'),
    channelCount: count('Channel'),
    attachmentCount: count('Attachment'),
    metadataCount: count('Metadata'),
    chunkCount,
    messageStartTime: messageStartTime ?? 0n,
    messageEndTime: messageEndTime ?? 0n,
    channelMessageCounts,
  };
}

/** Writes the data section; returns the summary index records it produced. */
function writeDataSection(builder, records, has) {
  const chunk = has('ch') ? new McapChunkBuilder({ useMessageIndex: has('mx') }) : undefined;
  const indexes = { metadata: [], attachments: [], chunks: [] };
  for (const record of records) {
    const offset = BigInt(builder.length);
    if (record.type === 'Schema') chunk ? chunk.addSchema(record) : builder.writeSchema(record);
    if (record.type === 'Channel') chunk ? chunk.addChannel(record) : builder.writeChannel(record);
    if (record.type === 'Message') chunk ? chunk.addMessage(record) : builder.writeMessage(record);
    if (record.type === 'Attachment') {
      const length = builder.writeAttachment(record);
      const { name, mediaType, logTime, createTime } = record;
      const dataSize = BigInt(record.data.byteLength);
      if (has('ax')) indexes.attachments.push({ name, length, offset, dataSize, mediaType, logTime, createTime });
    }
    if (record.type === 'Metadata') {
      const length = builder.writeMetadata(record);
      if (has('mdx')) indexes.metadata.push({ name: record.name, length, offset });
    }
  }
  if (chunk !== undefined) writeChunk(builder, chunk, has('chx') ? indexes.chunks : []);
  return indexes;
}

function writeChunk(builder, chunk, chunkIndexes) {
  const chunkStartOffset = BigInt(builder.length);
  const size = BigInt(chunk.buffer.byteLength);
  const { messageStartTime, messageEndTime } = chunk;
  const chunkLength = builder.writeChunk({
    compression: '',
    messageStartTime,
    messageEndTime,
    uncompressedCrc: crc32(chunk.buffer),
    uncompressedSize: size,
    records: chunk.buffer,
  });
  const messageIndexOffsets = new Map();
  let messageIndexLength = 0n;
  for (const index of chunk.indices) {
    messageIndexOffsets.set(index.channelId, BigInt(builder.length));
    messageIndexLength += builder.writeMessageIndex(index);
  }
  chunkIndexes.push({
    compression: '',
    messageStartTime,
    messageEndTime,
    uncompressedSize: size,
    compressedSize: size,
    chunkStartOffset,
    chunkLength,
    messageIndexLength,
    messageIndexOffsets,
  });
}

/** Writes one summary group; returns its [opcode, start, length] for the summary offsets. */
function group(builder, opcode, write) {
  const start = BigInt(builder.length);
  write();
  return [opcode, start, BigInt(builder.length) - start];
}

function buildFile(spec) {
  const features = new Set(spec.meta.variant.features);
  const has = (feature) => features.has(feature);
  const builder = new McapRecordBuilder({ padRecords: has('pad') });
  builder.writeMagic();
  builder.writeHeader({ profile: '', library: '' });
  const records = dataRecords(spec);
  const indexes = writeDataSection(builder, records, has);
  builder.writeDataEnd({ dataSectionCrc: crc32(builder.buffer) });
  const summaryStart = BigInt(builder.length);
  const of = (type) => (has(type === 'Schema' ? 'rsh' : 'rch') ? records.filter((r) => r.type === type) : []);
  const each = (list, write) => () => {
    for (const record of list) write(record);
  };
  const stats = has('st') ? [statistics(records, has('ch') ? 1 : 0)] : [];
  const groups = [
    group(
      builder,
      Opcode.SCHEMA,
      each(of('Schema'), (r) => builder.writeSchema(r)),
    ),
    group(
      builder,
      Opcode.CHANNEL,
      each(of('Channel'), (r) => builder.writeChannel(r)),
    ),
    group(
      builder,
      Opcode.STATISTICS,
      each(stats, (r) => builder.writeStatistics(r)),
    ),
    group(
      builder,
      Opcode.METADATA_INDEX,
      each(indexes.metadata, (r) => builder.writeMetadataIndex(r)),
    ),
    group(
      builder,
      Opcode.ATTACHMENT_INDEX,
      each(indexes.attachments, (r) => builder.writeAttachmentIndex(r)),
    ),
    group(
      builder,
      Opcode.CHUNK_INDEX,
      each(indexes.chunks, (r) => builder.writeChunkIndex(r)),
    ),
  ];
  const hasSummary = BigInt(builder.length) !== summaryStart;
  let summaryOffsetStart = 0n;
  if (has('sum')) {
    summaryOffsetStart = BigInt(builder.length);
    for (const [groupOpcode, groupStart, groupLength] of groups) {
      if (groupLength !== 0n) builder.writeSummaryOffset({ groupOpcode, groupStart, groupLength });
    }
  }
  const footerStart = hasSummary ? summaryStart : 0n;
  // The summary CRC covers the summary and the footer up to its CRC field.
  const footerHead = new DataView(new ArrayBuffer(25));
  footerHead.setUint8(0, Opcode.FOOTER);
  footerHead.setBigUint64(1, 20n, true);
  footerHead.setBigUint64(9, footerStart, true);
  footerHead.setBigUint64(17, summaryOffsetStart, true);
  const summaryCrc = crc32(new Uint8Array(footerHead.buffer), crc32(builder.buffer.subarray(Number(summaryStart))));
  builder.writeFooter({ summaryStart: footerStart, summaryOffsetStart, summaryCrc });
  builder.writeMagic();
  return builder.buffer;
}

/** `{ sha256, size }` of a Git LFS pointer file, or undefined when `text` is not one. */
function lfsPointer(text) {
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text);
  const size = /^size (\d+)$/m.exec(text);
  return text.startsWith('version https://git-lfs') && oid && size
    ? { sha256: oid[1], size: Number(size[1]) }
    : undefined;
}

const check = process.argv.includes('--check');
const sums = new Map();
try {
  for (const line of readFileSync(sumsPath, 'utf8').split('\n').filter(Boolean)) {
    const [sha256, size, file] = line.split(/\s+/);
    sums.set(file, { sha256, size: Number(size) });
  }
} catch {}
let restored = 0;
const failures = [];
for (const folder of readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory())) {
  for (const name of readdirSync(join(corpus, folder.name))
    .filter((n) => n.endsWith('.mcap'))
    .sort()) {
    const path = join(corpus, folder.name, name);
    const file = relative(corpus, path);
    const current = readFileSync(path);
    const expected = lfsPointer(current.toString('latin1')) ?? sums.get(file);
    if (expected === undefined) {
      failures.push(`${file}: neither an LFS pointer nor listed in SHA256SUMS`);
      continue;
    }
    const bytes = buildFile(JSON.parse(readFileSync(path.replace(/\.mcap$/, '.json'), 'utf8')));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== expected.sha256 || bytes.length !== expected.size) {
      failures.push(
        `${file}: rebuilt ${bytes.length} bytes sha256 ${sha256}, expected ${expected.size} ${expected.sha256}`,
      );
      continue;
    }
    sums.set(file, expected);
    if (check && !current.equals(Buffer.from(bytes))) failures.push(`${file}: differs from its rebuilt bytes`);
    if (!check && !current.equals(Buffer.from(bytes))) {
      writeFileSync(path, bytes);
      restored++;
    }
  }
}
if (!check) {
  const lines = [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([f, { sha256, size }]) => `${sha256} ${size} ${f}`);
  writeFileSync(sumsPath, `${lines.join('\n')}\n`);
}
console.log(
  `${sums.size - failures.length} files match foxglove's sha256, ${restored} restored, ${failures.length} failed`,
);
for (const failure of failures.slice(0, 10)) console.log(`  ${failure}`);
process.exit(failures.length === 0 ? 0 : 1);
