import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McapIndexedReader, McapStreamReader, type TypedMcapRecord } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { McapCrcError } from '../errors.js';
import { bytesSource } from './byte-source.js';
import type { ChunkCompression } from './compression.js';
import { JsonMcapWriter, MemorySink } from './json-mcap-writer.js';
import { messageRecordFields, readIndex, type ScanVisitor, scanIndexedOrLinear, scanLinear } from './mcap-scanner.js';
import { wordsToBigint } from './time-words.js';

// The MCAP format's own conformance corpus (fixtures/mcap-conformance, from foxglove/mcap): every file, read by
// both of our readers, must give every schema, channel, message, attachment and metadata record its .json lists.

/** The records a reader reports, in the corpus's terms (numbers as in the .json, bytes as number arrays). */
interface ReadRecords {
  schemas: Record<string, { name: string; encoding: string; data: number[] }>;
  channels: Record<
    string,
    { schemaId: number; topic: string; messageEncoding: string; metadata: Record<string, string> }
  >;
  messages: { channelId: number; sequence: number; logTime: bigint; publishTime: bigint; data: number[] }[];
  attachments: { logTime: bigint; createTime: bigint; name: string; mediaType: string; data: number[] }[];
  metadata: { name: string; metadata: Record<string, string> }[];
}

interface CorpusRecord {
  type: string;
  fields: [string, unknown][];
}

const corpusDir = fixturePath('mcap-conformance');
const files = readdirSync(corpusDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    readdirSync(join(corpusDir, entry.name))
      .filter((name) => name.endsWith('.mcap'))
      .map((name) => join(entry.name, name)),
  )
  .sort();

const bytesOf = (value: unknown) => (value as string[]).map(Number);

/** What the .json beside an .mcap file says a reader must see. */
function expectedRecords(file: string): ReadRecords {
  const json = JSON.parse(readFileSync(join(corpusDir, file.replace(/\.mcap$/, '.json')), 'utf8')) as {
    records: CorpusRecord[];
  };
  const out: ReadRecords = { schemas: {}, channels: {}, messages: [], attachments: [], metadata: [] };
  for (const { type, fields } of json.records) {
    const f = Object.fromEntries(fields) as Record<string, unknown>;
    if (type === 'Schema') {
      out.schemas[String(f.id)] = { name: f.name as string, encoding: f.encoding as string, data: bytesOf(f.data) };
    } else if (type === 'Channel') {
      out.channels[String(f.id)] = {
        schemaId: Number(f.schema_id),
        topic: f.topic as string,
        messageEncoding: f.message_encoding as string,
        metadata: f.metadata as Record<string, string>,
      };
    } else if (type === 'Message') {
      out.messages.push({
        channelId: Number(f.channel_id),
        sequence: Number(f.sequence),
        logTime: BigInt(f.log_time as string),
        publishTime: BigInt(f.publish_time as string),
        data: bytesOf(f.data),
      });
    } else if (type === 'Attachment') {
      out.attachments.push({
        logTime: BigInt(f.log_time as string),
        createTime: BigInt(f.create_time as string),
        name: f.name as string,
        mediaType: f.media_type as string,
        data: bytesOf(f.data),
      });
    } else if (type === 'Metadata') {
      out.metadata.push({ name: f.name as string, metadata: f.metadata as Record<string, string> });
    }
  }
  return out;
}

/** A visitor that records everything a reader reports, and the records it filled. */
function recordingVisitor(): { visitor: ScanVisitor; records: ReadRecords } {
  const records: ReadRecords = { schemas: {}, channels: {}, messages: [], attachments: [], metadata: [] };
  const visitor: ScanVisitor = {
    schema: ({ id, name, encoding, data }) => {
      records.schemas[String(id)] = { name, encoding, data: [...data] };
    },
    channel: ({ id, schemaId, topic, messageEncoding, metadata }) => {
      records.channels[String(id)] = { schemaId, topic, messageEncoding, metadata: Object.fromEntries(metadata) };
    },
    message: (channelId, timeHigh, timeLow, block, dataStart, dataEnd, recordOffset) => {
      const { sequence, publishTime } = messageRecordFields(block, recordOffset);
      const data = [...block.bytes.subarray(dataStart, dataEnd)];
      records.messages.push({ channelId, sequence, logTime: wordsToBigint(timeHigh, timeLow), publishTime, data });
    },
    attachment: ({ logTime, createTime, name, mediaType, data }) => {
      records.attachments.push({ logTime, createTime, name, mediaType, data: [...data] });
    },
    metadata: (name, metadata) => {
      records.metadata.push({ name, metadata: Object.fromEntries(metadata) });
    },
  };
  return { visitor, records };
}

/** Messages in (log time, channel, sequence) order: the order indexed readers may yield them in. */
function inLogTimeOrder(list: ReadRecords['messages']): ReadRecords['messages'] {
  return [...list].sort((a, b) =>
    a.logTime !== b.logTime ? (a.logTime < b.logTime ? -1 : 1) : a.channelId - b.channelId || a.sequence - b.sequence,
  );
}

function source(file: string) {
  return bytesSource(new Uint8Array(readFileSync(join(corpusDir, file))), file);
}

describe('the MCAP conformance corpus', () => {
  it('holds every variant (416 files)', () => {
    expect(files).toHaveLength(416);
  });

  it.each(files)('streaming reader: %s', async (file) => {
    const { visitor, records } = recordingVisitor();
    const end = await scanLinear(source(file), visitor);
    expect(end.truncation).toBeUndefined();
    expect(records).toEqual(expectedRecords(file));
  });

  it.each(files)('indexed reader: %s', async (file) => {
    const bytes = source(file);
    const index = await readIndex(bytes);
    const { visitor, records } = recordingVisitor();
    const mode = await scanIndexedOrLinear(bytes, index, visitor);
    // the index visits chunks by start time: compare messages in log-time order
    const expected = expectedRecords(file);
    expect({ ...records, messages: inLogTimeOrder(records.messages) }).toEqual({
      ...expected,
      messages: inLogTimeOrder(expected.messages),
    });
    // through the summary whenever the statistics vouch for it and it indexes every kind of record the file has
    const has = (feature: string) =>
      file
        .split('/')[1]!
        .replace(/\.mcap$/, '')
        .split('-')
        .includes(feature);
    const summaryCoversAll =
      has('st') &&
      (has('chx') || expected.messages.length === 0) &&
      (has('ax') || expected.attachments.length === 0) &&
      (has('mdx') || expected.metadata.length === 0);
    expect(mode).toBe(summaryCoversAll ? 'indexed' : 'linear');
  });

  it('rejects a corrupted attachment with a typed error naming the record', async () => {
    const bytes = new Uint8Array(readFileSync(join(corpusDir, 'OneAttachment/OneAttachment-ax-st-sum.mcap')));
    const data = Uint8Array.of(1, 2, 3);
    const at = bytes.findIndex((_, i) => data.every((b, k) => bytes[i + k] === b));
    bytes[at] = 9;
    const corrupted = bytesSource(bytes, 'corrupted.mcap');
    const { visitor } = recordingVisitor();
    await expect(scanLinear(corrupted, visitor)).rejects.toThrow(McapCrcError);
    await expect(scanIndexedOrLinear(corrupted, await readIndex(corrupted), visitor)).rejects.toMatchObject({
      record: 'Attachment',
    });
  });
});

/** The records @mcap/core's readers see in `bytes`, in the corpus's terms. */
async function readWithMcapCore(bytes: Uint8Array): Promise<{ indexed: ReadRecords; streamed: ReadRecords }> {
  const decompressHandlers = await loadDecompressHandlers();
  const indexed: ReadRecords = { schemas: {}, channels: {}, messages: [], attachments: [], metadata: [] };
  const streamed: ReadRecords = { schemas: {}, channels: {}, messages: [], attachments: [], metadata: [] };
  const add = (out: ReadRecords, record: TypedMcapRecord) => {
    if (record.type === 'Schema') {
      out.schemas[String(record.id)] = { name: record.name, encoding: record.encoding, data: [...record.data] };
    }
    if (record.type === 'Channel') {
      const { schemaId, topic, messageEncoding, metadata } = record;
      out.channels[String(record.id)] = { schemaId, topic, messageEncoding, metadata: Object.fromEntries(metadata) };
    }
    if (record.type === 'Message') {
      const { channelId, sequence, logTime, publishTime, data } = record;
      out.messages.push({ channelId, sequence, logTime, publishTime, data: [...data] });
    }
    if (record.type === 'Metadata') {
      out.metadata.push({ name: record.name, metadata: Object.fromEntries(record.metadata) });
    }
  };
  const reader = await McapIndexedReader.Initialize({
    readable: {
      size: async () => BigInt(bytes.length),
      read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
    },
    decompressHandlers,
  });
  for (const schema of reader.schemasById.values()) add(indexed, { ...schema, type: 'Schema' });
  for (const channel of reader.channelsById.values()) add(indexed, { ...channel, type: 'Channel' });
  for await (const message of reader.readMessages()) add(indexed, { ...message, type: 'Message' });
  for await (const metadata of reader.readMetadata()) add(indexed, { ...metadata, type: 'Metadata' });
  const stream = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  stream.append(bytes);
  for (let record = stream.nextRecord(); record !== undefined; record = stream.nextRecord()) add(streamed, record);
  expect(stream.done()).toBe(true);
  return { indexed, streamed };
}

describe('our writer, read back through @mcap/core', () => {
  // The corpus cases without attachments (JsonMcapWriter writes no attachments), in their base variant.
  const cases = ['NoData', 'OneMessage', 'TenMessages', 'OneSchemalessMessage', 'OneMetadata'];
  const compressions: ChunkCompression[] = ['none', 'zstd', 'lz4'];

  it.each(cases.flatMap((name) => compressions.map((compression) => [name, compression] as const)))(
    '%s, %s chunks: the same schemas, channels, messages and metadata',
    async (name, compression) => {
      const expected = expectedRecords(`${name}/${name}.mcap`);
      const sink = new MemorySink();
      const writer = await JsonMcapWriter.create(sink, { compression });
      for (const [id, schema] of Object.entries(expected.schemas)) {
        const data = String.fromCharCode(...schema.data);
        expect(writer.registerSchema({ name: schema.name, encoding: schema.encoding, data })).toBe(Number(id));
      }
      for (const [id, channel] of Object.entries(expected.channels)) {
        const { topic, schemaId, messageEncoding, metadata } = channel;
        expect(writer.registerChannel({ topic, schemaId, messageEncoding, metadata })).toBe(Number(id));
      }
      for (const m of expected.messages) {
        writer.addMessage(m.channelId, m.logTime, Uint8Array.from(m.data), m.publishTime);
      }
      for (const { name: metadataName, metadata } of expected.metadata) writer.addMetadata(metadataName, metadata);
      writer.finish();
      const { indexed, streamed } = await readWithMcapCore(sink.toBytes());
      // JsonMcapWriter numbers no messages: every sequence is 0
      const written = { ...expected, messages: expected.messages.map((m) => ({ ...m, sequence: 0 })) };
      expect(indexed).toEqual({ ...written, messages: inLogTimeOrder(written.messages) }); // @mcap/core sorts by log time
      expect(streamed).toEqual(written);
    },
  );
});
