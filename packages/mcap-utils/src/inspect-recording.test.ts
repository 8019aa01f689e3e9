import { readFileSync } from 'node:fs';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { doctorRecording } from './doctor-recording.js';
import { formatInspection, inspectionToJson, inspectRecording } from './inspect-recording.js';
import { Opcode } from './mcap/constants.js';
import { crc32 } from './mcap/crc32.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';

const seed = new Uint8Array(readFileSync(fixturePath('seed', 'basic_synthetic.mcap')));

describe('inspectRecording', () => {
  it('summarises the reference file from its index', async () => {
    const info = await inspectRecording(seed, { fileName: 'basic_synthetic.mcap' });
    expect(info.library).toBe('python mcap 1.2.1');
    expect(info.indexed).toBe(true);
    expect(info.messageCount).toBe(12_656);
    expect(info.startTimeNs).toBe(0n);
    expect(info.endTimeNs).toBe(60_233_332_731n);
    expect(info.durationSec).toBeCloseTo(60.233, 3);
    expect(info.chunkCount).toBe(2);
    expect(info.compression.map((c) => c.compression)).toEqual(['zstd']);
    expect(info.schemas).toEqual([{ id: 1, name: 'sensor_event', encoding: 'jsonschema' }]);
    expect(info.topics.map((t) => [t.topic, t.messageCount])).toEqual([
      ['pose_truth', 1808],
      ['mag_truth', 1808],
      ['acc_truth', 1808],
      ['gyro_truth', 1808],
      ['pose', 0],
      ['mag_raw', 1808],
      ['acc_raw', 1808],
      ['gyro_raw', 1808],
    ]);
    expect(info.topics[5]!.rateHz).toBeCloseTo(30, 1);
    expect(formatInspection(info)).toContain('mag_raw');
    expect(inspectionToJson(info).endTimeNs).toBe('60233332731');
  });

  it('scans files without a footer and reports the truncation', async () => {
    const info = await inspectRecording(seed.subarray(0, 300_000));
    expect(info.indexed).toBe(false);
    // Cut inside the message indexes that follow the first chunk (which ends at 42 + 228671).
    expect(info.truncation?.offset).toBeGreaterThanOrEqual(42 + 228_671);
    expect(info.truncation?.offset).toBeLessThan(300_000);
    expect(info.topics.find((t) => t.topic === 'mag_raw')!.messageCount).toBeGreaterThan(800);
  });
});

describe('doctorRecording', () => {
  it('finds no problem in the reference file', async () => {
    const report = await doctorRecording(seed);
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.messageCount).toBe(12_656);
  });

  it('reports a CRC mismatch, a truncation, and a malformed body', async () => {
    const damaged = seed.slice();
    damaged[1000] = damaged[1000]! ^ 0xff; // inside the first chunk's zstd data
    const crc = await doctorRecording(damaged);
    expect(crc.ok).toBe(false);
    expect(crc.issues[0]).toMatchObject({ severity: 'error', code: 'crc', offset: 42 });
    expect(crc.issues[0]!.message).toMatch(/Chunk at offset 42: CRC mismatch: expected 0xd94ba409/);

    const cut = await doctorRecording(seed.subarray(0, 400_000));
    expect(cut.ok).toBe(false);
    expect(cut.issues.map((i) => i.code)).toContain('truncated');

    const sink = new MemorySink();
    const writer = await JsonMcapWriter.create(sink, { compression: 'none' });
    const schemaId = writer.registerSchema({ name: 'sensor_event', data: '{}' });
    const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId });
    writer.addMessage(channelId, 0n, '{"id": "mag_raw", "timestamp": 0, "values": [1, 2, 3]}');
    writer.addMessage(channelId, 2n, '{"id": "mag_raw", "timestamp": 1, "values": [1, 2]}');
    writer.addMessage(channelId, 1n, '{"id": "mag_raw", "timestamp": 1, "values": [1, "x", 3]}');
    writer.finish();
    const report = await doctorRecording(sink.toBytes());
    expect(report.issues.map((i) => [i.severity, i.code])).toEqual([
      ['error', 'width'],
      ['warning', 'time-order'],
      ['error', 'body'],
    ]);
  });

  it('compares the summary with the data: statistics and chunk indexes that disagree are errors', async () => {
    const sink = new MemorySink();
    const writer = await JsonMcapWriter.create(sink, { compression: 'none' });
    const schemaId = writer.registerSchema({ name: 'sensor_event', data: '{}' });
    const channelId = writer.registerChannel({ topic: 'mag_raw', schemaId });
    for (let i = 0; i < 3; i++) {
      writer.addMessage(channelId, BigInt(10 * i), `{"id": "mag_raw", "timestamp": ${10 * i}, "values": [1, 2, 3]}`);
    }
    writer.finish();
    const bytes = sink.toBytes();
    expect((await doctorRecording(bytes)).issues).toEqual([]);

    const tampered = bytes.slice();
    addToSummaryField(tampered, Opcode.Statistics, 0, 1n); // message count 3 → 4
    addToSummaryField(tampered, Opcode.ChunkIndex, 0, 5n); // the chunk's message start time 0 → 5
    const report = await doctorRecording(tampered);
    expect(report.ok).toBe(false);
    expect(report.issues.map((issue) => `${issue.code}: ${issue.message}`)).toEqual([
      expect.stringMatching(/^chunk-index: chunk at \d+: index vs chunk: time 5…20 vs 0…20$/),
      'statistics: message count: statistics say 4, found 3',
    ]);
  });
});

/**
 * Adds `delta` to the u64 at `fieldOffset` of the body of the first summary record with `opcode`, and writes the
 * summary CRC anew (so only the summary's content disagrees with the data).
 */
function addToSummaryField(bytes: Uint8Array, opcode: number, fieldOffset: number, delta: bigint): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const crcAt = bytes.length - 8 - 4; // footer: …, summary start, summary offset start, summary CRC; then magic
  const summaryStart = Number(view.getBigUint64(crcAt - 16, true));
  let offset = summaryStart;
  while (bytes[offset] !== opcode) offset += 9 + Number(view.getBigUint64(offset + 1, true));
  const field = offset + 9 + fieldOffset;
  view.setBigUint64(field, view.getBigUint64(field, true) + delta, true);
  view.setUint32(crcAt, crc32(bytes.subarray(summaryStart, crcAt)), true);
}
