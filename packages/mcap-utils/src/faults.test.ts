import { describe, expect, it } from 'vitest';
import { encodeClassification } from './classification.js';
import { doctorRecording } from './doctor-recording.js';
import {
  InvalidArgumentError,
  JsonValidationError,
  McapTruncatedError,
  MissingTopicError,
  NonFiniteSampleError,
} from './errors.js';
import type { ImuRecording } from './imu-recording.js';
import { parseLabels } from './labels.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { MemoryLimitError } from './memory-limit.js';
import { convertPhoneLogText } from './phone-log.js';
import { decodeRecording } from './recording-decoder.js';
import { encodeRecording } from './recording-encoder.js';
import { windows } from './windows.js';

/** 100 Hz mag samples for 10 s, one NaN at 3.00 s and a 0.5 s gap after 6.00 s. */
function recordingWithNanAndGap(): ImuRecording {
  const times: bigint[] = [];
  for (let i = 0; i < 1000; i++) if (i <= 600 || i >= 650) times.push(1_000_000_000n + BigInt(i) * 10_000_000n);
  const values = new Float64Array(times.length * 3).map((_, k) => Math.sin(k / 10));
  values[300 * 3 + 2] = Number.NaN;
  return {
    topics: new Map([['mag_raw', { topic: 'mag_raw', timestampsNs: BigInt64Array.from(times), values, width: 3 }]]),
    metadata: {},
  };
}

// Fault suite (issue 14): bad values are refused at the input or before a write, naming the record.

describe('mcap-utils faults', () => {
  it('refuses to write a NaN probability (Why 3: "probabilities":[NaN,NaN,NaN] was written as invalid JSON)', async () => {
    const message = { logTimeNs: 6n, predictedClassId: 0, label: 'none', windowStartNs: 3n, windowEndNs: 6n };
    const ok = { ...message, probabilities: [0.5, 0.25, 0.25] };
    const bad = { ...message, logTimeNs: 9n, probabilities: [Number.NaN, Number.NaN, Number.NaN] };
    await expect(encodeClassification([ok, bad])).rejects.toThrow(InvalidArgumentError);
    await expect(encodeClassification([ok, bad])).rejects.toThrow(
      'messages[1] (log time 9 ns).probabilities[0]: expected a finite probability in [0, 1], found NaN',
    );
    await expect(encodeClassification([{ ...ok, probabilities: [1.5, 0] }])).rejects.toThrow(/found 1\.5/);
  });

  it('inspect --check reports non-finite values and gaps per topic, with counts and times (Why 8)', async () => {
    const bytes = await encodeRecording(recordingWithNanAndGap());
    const report = await doctorRecording(bytes, { fileName: 'nan.mcap' });
    expect(report.ok).toBe(true);
    expect(report.issues.map((issue) => `${issue.severity} ${issue.code}: ${issue.message}`)).toEqual([
      'warning non-finite: topic mag_raw: 1 sample(s) with NaN or infinite values, the first at log time 4000000000 ns',
      'warning gap: topic mag_raw: 1 gap(s) longer than 1.5 sample periods (10.000 ms), the first after log time 7000000000 ns, the longest 0.500 s',
    ]);
  });

  it('names the file, topic and time of the first NaN when cutting windows, or skips those windows', async () => {
    const recording = await decodeRecording(await encodeRecording(recordingWithNanAndGap()), { fileName: 'nan.mcap' });
    const options = { topics: ['mag_raw'], windowSec: 1, hopSec: 1 };
    const error = (() => {
      try {
        windows(recording, options);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(NonFiniteSampleError);
    expect(String(error)).toContain(
      'nan.mcap: topic mag_raw at log time 4000000000 ns (value 2): expected a finite number, found NaN',
    );
    const skipped: string[] = [];
    const onSkip = ({ reason, startTimeNs }: { reason: string; startTimeNs: bigint }) =>
      skipped.push(`${reason} ${startTimeNs / 1_000_000_000n}`);
    const kept = windows(recording, { ...options, nonFinitePolicy: 'skip', onSkip });
    expect(kept.map((window) => Number(window.startTimeNs / 1_000_000_000n))).toEqual([1, 2, 3, 5, 6, 8, 9, 10]);
    expect(skipped).toEqual(['non-finite 4', 'gap 7']);
  });

  it('names the file of a recording with a missing topic, not <recording> (Why 9)', async () => {
    const recording = await decodeRecording(await encodeRecording(recordingWithNanAndGap()), { fileName: 'run.mcap' });
    expect(() => windows(recording, { topics: ['acc_raw'], windowSec: 1, hopSec: 1 })).toThrow(MissingTopicError);
    expect(() => windows(recording, { topics: ['acc_raw'], windowSec: 1, hopSec: 1 })).toThrow(
      /^run\.mcap: missing topic "acc_raw"/,
    );
  });

  it('refuses a hop that would need more memory than the limit, before cutting (Why 4)', async () => {
    const recording = recordingWithNanAndGap();
    expect(() =>
      windows(recording, { topics: ['mag_raw'], windowSec: 3, hopSec: 0.0001, maxMemoryBytes: 2 ** 20 }),
    ).toThrow(MemoryLimitError);
    expect(() =>
      windows(recording, { topics: ['mag_raw'], windowSec: 3, hopSec: 0.0001, maxMemoryBytes: 2 ** 20 }),
    ).toThrow(
      // 9.99 s / 0.1 ms + 1 windows × 300 samples × 3 values × 8 B
      'hopSec: 9.99e+4 windows of 3 s (windowSec) every 0.0001 s over <recording> would need 686 MiB of memory; the limit is 1.00 MiB (maxMemoryBytes)',
    );
  });

  it('names the file, the absolute byte offset and the record kind of a truncated file (Why 13: "offset 29")', async () => {
    const bytes = await encodeRecording(recordingWithNanAndGap(), { chunkSizeBytes: 4096 });
    // the records of the whole file, walked by hand: [opcode, start, end]
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const records: [number, number, number][] = [];
    for (let at = 8; at + 9 <= bytes.length - 8; ) {
      const end = at + 9 + Number(view.getBigUint64(at + 1, true));
      records.push([bytes[at]!, at, end]);
      at = end;
    }
    const chunks = records.filter(([opcode]) => opcode === 0x06);
    expect(chunks.length).toBeGreaterThan(2);
    for (const [opcode, start, end] of [chunks[0]!, chunks[2]!, records.find(([op]) => op === 0x07)!]) {
      const cutAt = Math.floor((start + end) / 2);
      const error = await decodeRecording(bytes.subarray(0, cutAt), { fileName: 'cut.mcap' }).catch((e) => e);
      const kind = opcode === 0x06 ? 'Chunk' : 'MessageIndex';
      expect(error).toBeInstanceOf(McapTruncatedError);
      expect(error).toMatchObject({ file: 'cut.mcap', offset: start, record: kind, expectedBytes: end - start });
      expect(String(error)).toContain(`cut.mcap: truncated at byte ${start} of the file, in a ${kind}: expected`);
      const report = await doctorRecording(bytes.subarray(0, cutAt), { fileName: 'cut.mcap' });
      expect(report.issues.filter((issue) => issue.code === 'truncated').length).toBeGreaterThan(0);
    }
  });

  it('rejects a phone log record with ts -5 (Why 6: it wrapped to 18446744073709546616 ns)', () => {
    const text = JSON.stringify({
      data: [
        { ts: 10, type: 'MAG_AUTOCAL', values: [1, 2, 3] },
        { ts: -5, type: 'MAG_AUTOCAL', values: [1, 2, 3] },
      ],
    });
    expect(() => convertPhoneLogText(text, { fileName: 'log.json' })).toThrow(JsonValidationError);
    expect(() => convertPhoneLogText(text, { fileName: 'log.json' })).toThrow(
      'log.json: data[1].ts: expected microseconds in [0, 9223372036854775] (log times are 64-bit ns), found -5',
    );
  });

  it('refuses to write a negative log time instead of wrapping it to ~1.8e19 ns (Why 6), naming topic and record', async () => {
    const recording = recordingWithNanAndGap();
    const series = recording.topics.get('mag_raw')!;
    const times = series.timestampsNs.slice();
    times[0] = -400_000n; // a jittered first sample before 0
    const bad = { ...recording, topics: new Map([['mag_raw', { ...series, timestampsNs: times }]]) };
    await expect(encodeRecording(bad)).rejects.toThrow(InvalidArgumentError);
    await expect(encodeRecording(bad)).rejects.toThrow(
      'recording.topics.mag_raw.timestampsNs[0]: expected a log time in [0, 2⁶⁴) ns (MCAP log times are unsigned 64-bit), found -400000n',
    );
    const writer = await JsonMcapWriter.create(new MemorySink());
    const channelId = writer.registerChannel({ topic: 'events', schemaId: 0, messageEncoding: 'json' });
    writer.addMessage(channelId, 2n ** 64n - 1n, '{}');
    expect(() => writer.addMessage(channelId, 2n ** 64n, '{}')).toThrow(
      'events message 1 log time: expected a log time in [0, 2⁶⁴) ns (MCAP log times are unsigned 64-bit), found 18446744073709551616n',
    );
    expect(() => writer.addMessage(channelId, 0n, '{}', -1n)).toThrow(/^events message 1 publish time: .* found -1n$/);
  });

  it('rejects a phone log without sensor records instead of writing an empty MCAP (Why 10)', () => {
    const text = JSON.stringify({
      data: [
        { ts: 1, type: 'START' },
        { ts: 2, type: 'STOP' },
      ],
    });
    expect(() => convertPhoneLogText(text, { fileName: 'empty.json' })).toThrow(
      'empty.json: data: expected at least one sensor record (MAG_AUTOCAL, ACCEL_AUTOCAL, GYRO_AUTOCAL, Q_MAG_ACCEL, Q_9AXIS, LINEAR_ACCEL, TEMPERATURE), found "2 records: 1 START, 1 STOP"',
    );
    expect(() => convertPhoneLogText('{"data":[]}', { fileName: 'none.json' })).toThrow(/found "0 records"/);
  });

  it('rejects a label event whose start is after its end, naming the file and the event (Why 13)', () => {
    const event = (id: string, start: number, end: number) => ({
      id,
      startTime: { sec: start, nsec: 0 },
      endTime: { sec: end, nsec: 0 },
      metadata: { mag_distortion: '1' },
      collection: '',
    });
    const text = JSON.stringify({ events: [event('a', 0, 5), event('b', 9, 6)] });
    expect(() => parseLabels(text, { fileName: 'run.labels.json' })).toThrow(
      'run.labels.json: events[1].endTime: expected a time at or after startTime 9 s 0 ns (event "b"), found {"sec":6,"nsec":0}',
    );
  });
});
