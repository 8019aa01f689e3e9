import { describe, expect, it } from 'vitest';
import { encodeClassification } from './classification.js';
import { InvalidArgumentError } from './errors.js';

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
});
