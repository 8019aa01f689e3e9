import { describe, expect, it } from 'vitest';
import { GaussianStream } from './gaussian-stream.js';
import { SeededRandom } from './seeded-random.js';

function drawInBlocks(seed: number, total: number, blockLengths: readonly number[]): Float64Array {
  const stream = new GaussianStream(new SeededRandom(seed));
  const out = new Float64Array(total);
  let done = 0;
  for (let i = 0; done < total; i++) {
    const length = Math.min(blockLengths[i % blockLengths.length]!, total - done);
    stream.fill(out.subarray(done, done + length));
    done += length;
  }
  return out;
}

describe('GaussianStream', () => {
  it('gives one long fillGaussian call bit for bit, whatever the block lengths (odd ones included)', () => {
    const whole = new Float64Array(1001);
    new SeededRandom(9).fillGaussian(whole);
    for (const blocks of [[1001], [1], [2], [3, 5, 1], [7, 0, 64], [500, 501]]) {
      expect(drawInBlocks(9, 1001, blocks)).toEqual(whole);
    }
  });

  it('clones: the copy continues with the same numbers and the original is not moved', () => {
    const stream = new GaussianStream(new SeededRandom(3));
    stream.fill(new Float64Array(5)); // leaves a spare
    const copy = stream.clone();
    const a = new Float64Array(9);
    const b = new Float64Array(9);
    copy.fill(b);
    stream.fill(a);
    expect(a).toEqual(b);
  });

  it('SeededRandom.clone continues the same sequence, Box–Muller spare included', () => {
    const random = new SeededRandom(5);
    random.nextGaussian(); // keeps a spare
    const copy = random.clone();
    expect([copy.nextGaussian(), copy.nextUint32(), copy.nextFloat()]).toEqual([
      random.nextGaussian(),
      random.nextUint32(),
      random.nextFloat(),
    ]);
  });
});
