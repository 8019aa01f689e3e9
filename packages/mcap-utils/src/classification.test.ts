import { describe, expect, it } from 'vitest';
import {
  type ClassificationMessage,
  decodeClassification,
  encodeClassification,
  mergePredictions,
  REFERENCE_WINDOW_NS,
} from './classification.js';
import { MalformedMessageError, MissingTopicError } from './errors.js';
import { labelEventTimesNs } from './labels.js';
import { JsonMcapWriter, MemorySink } from './mcap/json-mcap-writer.js';
import { encodeRecording } from './recording-encoder.js';

const s = (sec: number) => BigInt(sec) * 1_000_000_000n;
const prediction = (startSec: number, endSec: number, label: string): ClassificationMessage => ({
  logTimeNs: s(endSec),
  predictedClassId: Number(label),
  label,
  probabilities: [0.1, 0.2, 0.7],
  windowStartNs: s(startSec),
  windowEndNs: s(endSec),
});

async function referenceStyleFile(bodies: string[]): Promise<Uint8Array> {
  const sink = new MemorySink();
  const writer = await JsonMcapWriter.create(sink, { library: 'python mcap 1.2.1' });
  const schemaId = writer.registerSchema({
    name: 'classification',
    data: '{"title": "Magnetic Distortion Classification"}',
  });
  const channelId = writer.registerChannel({ topic: 'classification', schemaId });
  bodies.forEach((body, i) => {
    writer.addMessage(channelId, s(3 + 10 * i), body);
  });
  writer.finish();
  return sink.toBytes();
}

describe('classification topic', () => {
  it('round-trips predictions, probabilities and exact ns windows', async () => {
    const big = 1_700_000_000_123_456_789n;
    const messages = [
      prediction(0, 3, '0'),
      { ...prediction(1, 4, '2'), probabilities: [1e-300, 0.25, 0.75 - 1e-16] },
      {
        logTimeNs: big + 1n,
        predictedClassId: 1,
        label: 'é"1',
        probabilities: [],
        windowStartNs: big,
        windowEndNs: big + 1n,
      },
    ];
    expect(await decodeClassification(await encodeClassification(messages))).toEqual(messages);
  });

  it("reads the reference's bodies (no probabilities, 3 s window ending at the log time)", async () => {
    const bytes = await referenceStyleFile([
      '{"predicted_class_id": 2, "label": "2"}',
      '{"predicted_class_id": 0, "label": "0"}',
    ]);
    const [first] = await decodeClassification(bytes);
    expect(first).toEqual({
      logTimeNs: s(3),
      predictedClassId: 2,
      label: '2',
      probabilities: [],
      windowStartNs: s(3) - REFERENCE_WINDOW_NS,
      windowEndNs: s(3),
    });
  });

  it('raises typed errors for malformed bodies and a missing topic', async () => {
    const bad = await referenceStyleFile(['{"predicted_class_id": "two", "label": "2"}']);
    await expect(decodeClassification(bad, { fileName: 'bad.mcap' })).rejects.toThrow(MalformedMessageError);
    await expect(decodeClassification(bad, { fileName: 'bad.mcap' })).rejects.toThrow(
      /bad\.mcap: topic classification .* expected an integer "predicted_class_id", found "two"/,
    );
    const recording = await encodeRecording({ topics: new Map(), metadata: {} });
    await expect(decodeClassification(recording)).rejects.toThrow(MissingTopicError);
  });

  it('merges consecutive equal predictions into non-overlapping label events', () => {
    const messages = [
      prediction(0, 2, '0'),
      prediction(1, 3, '0'),
      prediction(2, 4, '2'),
      prediction(3, 5, '2'),
      prediction(4, 6, '0'),
    ];
    const events = mergePredictions(messages, { collection: 'run.labels.json' });
    expect(events.map((e) => [e.metadata.mag_distortion, labelEventTimesNs(e)])).toEqual([
      ['0', { startNs: 0n, endNs: 2_500_000_000n }],
      ['2', { startNs: 2_500_000_000n, endNs: 4_500_000_000n }],
      ['0', { startNs: 4_500_000_000n, endNs: s(6) }],
    ]);
    expect(events[0]!.collection).toBe('run.labels.json');
    expect(
      mergePredictions([prediction(0, 3, '1'), prediction(3, 6, '2')], { labelKey: 'k' }).map((e) => [
        e.metadata,
        labelEventTimesNs(e),
      ]),
    ).toEqual([
      [{ k: '1' }, { startNs: 0n, endNs: s(3) }],
      [{ k: '2' }, { startNs: s(3), endNs: s(6) }],
    ]);
    expect(mergePredictions([])).toEqual([]);
  });
});
