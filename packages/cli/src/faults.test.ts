import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import { encodeRecording } from '@tsc/mcap-utils';
import { readRecordingStream } from '@tsc/mcap-utils/node';
import { formatApiKey } from '@tsc/nstrumenta';
import type { StandInServer } from '@tsc/nstrumenta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliStandIn, startCliStandIn } from './stand-in-cli.test-helper.js';

// Fault suite (issue 14): the command-line cases of the Why list, each with its typed error and exit code.

const secret = '5ca1ab1e-1111-4222-8333-444455556666';
let standIn: CliStandIn;
let dir: string;
let server: StandInServer;
let run: CliStandIn['run'];

beforeAll(async () => {
  standIn = await startCliStandIn('tscls-faults-', secret);
  ({ dir, server, run } = standIn);
});
afterAll(() => standIn.close());

/** `seconds` of mag_raw at 100 Hz with one NaN at log time 5 s. */
async function writeNanRecording(path: string, seconds = 20): Promise<void> {
  const count = seconds * 100;
  const timestampsNs = BigInt64Array.from({ length: count }, (_, i) => BigInt(i) * 10_000_000n);
  const values = new Float64Array(count * 3).map((_, k) => 30 + Math.sin(k / 9));
  values[500 * 3] = Number.NaN;
  const recording = {
    topics: new Map([['mag_raw', { topic: 'mag_raw', timestampsNs, values, width: 3 }]]),
    metadata: {},
  };
  await writeFile(path, await encodeRecording(recording));
}

describe('tscls faults', () => {
  it('names the file, topic and time of the first NaN in spectrogram, or skips and counts; inspect warns (Why 8)', async () => {
    const path = join(dir, 'nan.mcap');
    await writeNanRecording(path);
    const { code, err } = await run(['spectrogram', path, '-o', join(dir, 'nan.spectrogram.mcap')]);
    expect(code).toBe(1);
    expect(err).toContain(`NonFiniteSampleError: ${path}: topic mag_raw at log time 5000000000 ns (value 0)`);
    const skipped = await run(['spectrogram', path, '-o', join(dir, 'nan.spectrogram.mcap'), '--non-finite', 'skip']);
    expect(skipped.code).toBe(0);
    expect(skipped.err).toMatch(/skipped [1-9] window\(s\) of .*nan\.mcap holding NaN or infinite values/);
    const inspected = await run(['inspect', path]);
    expect(inspected.out).toContain('warning non-finite: topic mag_raw: 1 sample(s) with NaN or infinite values');
  });

  it('refuses a --hop whose windows would not fit in memory, before cutting them (Why 4)', async () => {
    const path = join(dir, 'long.mcap');
    await writeNanRecording(path, 120);
    const { code, err } = await run(['spectrogram', path, '-o', join(dir, 'x.mcap'), '--hop', '0.0001']);
    expect(code).toBe(1);
    expect(err).toMatch(
      /MemoryLimitError: --hop: 1\.20e\+6 windows of \d+ s \(--window\) every 0\.0001 s over .*long\.mcap would need \d+\.?\d* GiB of memory; the limit is 4\.00 GiB \(the built-in limit\)/,
    );
    expect(err).not.toMatch(/hopSec|windowSec|maxMemoryBytes/);
  });

  it('refuses a phone log without sensor records and one with ts -5, naming the record (Why 6, 10)', async () => {
    const empty = join(dir, 'Sensor_Log_empty.json');
    await writeFile(empty, JSON.stringify({ data: [{ ts: 1, type: 'START' }] }));
    const none = await run(['convert-log', empty, '-o', join(dir, 'converted')]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`${empty}: data: expected at least one sensor record`);
    const negative = join(dir, 'Sensor_Log_negative.json');
    await writeFile(negative, JSON.stringify({ data: [{ ts: -5, type: 'MAG_AUTOCAL', values: [1, 2, 3] }] }));
    const wrapped = await run(['convert-log', negative, '-o', join(dir, 'converted')]);
    expect(wrapped.code).toBe(1);
    expect(wrapped.err).toContain(`${negative}: data[0].ts: expected microseconds in [0, 9223372036854775]`);
  });

  it('fails at once on a rejected API key, before the demo pipeline runs (Why 13)', async () => {
    const output = join(dir, 'demo');
    const rejected = { NSTRUMENTA_API_KEY: formatApiKey('0badc0de-1111-4222-8333-444455556666', server.url) };
    const started = Date.now();
    const { code, err } = await run(['demo', '-o', output, '--recordings', '9', '--duration', '4'], rejected);
    expect(code).toBe(1);
    expect(err).toContain('AuthError');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(output).catch(() => [])).toEqual([]);
  });

  it('names the file and field of report data with a string traces, not a bare TypeError (Why 9)', async () => {
    const data = join(dir, 'report.json');
    await writeFile(
      data,
      JSON.stringify({ title: 't', classNames: [], summary: [], traces: 'x', spectrograms: [], outputs: [] }),
    );
    const { code, err } = await run(['report', '--data', data, '-o', join(dir, 'r.html')]);
    expect(code).toBe(1);
    expect(err).toContain(`${data}: "traces": expected an array, found "x"`);
  });

  it('inspects generated jittered recordings as starting at 0 s, not 18446744073.7 s (Why 6)', async () => {
    const output = join(dir, 'jittered');
    const generated = await run(['generate-dataset', '--count', '4', '--duration', '2', '--jitter', '-o', output]);
    expect(generated.code).toBe(0);
    const starts: number[] = [];
    for (const name of (await readdir(output)).filter((file) => file.endsWith('.mcap'))) {
      const { code, out } = await run(['inspect', join(output, name), '--json']);
      expect(code).toBe(0);
      const { startTimeNs, durationSec } = JSON.parse(out) as { startTimeNs: string; durationSec: number };
      starts.push(Number(startTimeNs) / 1e9);
      expect(durationSec).toBeLessThan(2.1);
    }
    expect(starts).toHaveLength(4);
    // jitter of at most 0.4 periods at 100 Hz; seed 0's first three drew a negative one, now truncated at 0
    for (const start of starts) expect(start).toBeLessThan(0.004);
    expect(starts.filter((start) => start === 0).length).toBeGreaterThanOrEqual(3);
  });

  it('names the folder given to inspect instead of a bare EISDIR (Why 9)', async () => {
    const { code, err } = await run(['inspect', dir]);
    expect(code).toBe(1);
    expect(err).toBe(`tscls: CliFileError: ${dir}: <file>: expected an MCAP file, found a folder\n`);
  });

  it('refuses --labels on the --output path, and writes no MCAP when the labels cannot be written (Why 12)', async () => {
    const plan = fixturePath('seed', 'default_plan.json');
    const output = join(dir, 'a.mcap');
    const same = await run(['generate', '--plan', plan, '-o', output, '--labels', output]);
    expect(same.code).toBe(1);
    expect(same.err).toContain(`--labels: expected a path other than --output's, found "${output}"`);
    await writeFile(join(dir, 'blocker'), 'a file where a folder is needed');
    const failing = await run([
      'generate',
      '--plan',
      plan,
      '-o',
      output,
      '--labels',
      join(dir, 'blocker', 'a.labels.json'),
    ]);
    expect(failing.code).toBe(1);
    expect(failing.err).toContain(join(dir, 'blocker', 'a.labels.json'));
    expect((await readdir(dir)).filter((name) => name.includes('a.mcap'))).toEqual([]);
  });

  it('refuses to upload a folder before any request (Why 2)', async () => {
    const before = server.requests.length;
    const { code, err } = await run(['nst', 'upload', dir, 'up/d.mcap']);
    expect(code).toBe(1);
    expect(err).toBe(`tscls: CliFileError: ${dir}: <local>: expected a file, found a folder\n`);
    expect(server.requests.length).toBe(before);
  });

  it('gives up on a hung server after --timeout and its retries, with a notice on stderr per retry (Why 7)', async () => {
    server.faults.hangNext(4, { target: 'api' });
    const started = Date.now();
    const { code, err } = await run(['nst', 'project', '--timeout', '0.2']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(err).toMatch(/tscls: getProject: retry 1\/3 after TimeoutError/);
    expect(err).toMatch(/TimeoutError: getProject: no response within 200 ms/);
  });

  it('refuses generate-dataset --duration 1e9 before any work, naming the options, the longest length and the value (Why 4)', async () => {
    // recordings stream to their files, so their length takes no memory; 1e9 s is past 2⁵³ ns, where sample times
    // stop being exact to the nanosecond
    const { code, err } = await run(['generate-dataset', '--count', '1', '--duration', '1e9', '-o', join(dir, 'x')]);
    expect(code).toBe(2);
    expect(err).toContain('CliUsageError: --duration × --rate: expected a recording of at most 9.007e+6 s');
    expect(err).toContain('found "1000000000 s"');
    // what one streamed recording holds at once (a block and its segments' state) is still checked
    const many = await run(['generate-dataset', '--count', '1', '--duration', '8e6', '-o', join(dir, 'y')]);
    expect(many.code).toBe(1);
    expect(many.err).toContain(
      'MemoryLimitError: --duration × --rate: a block of 8192 samples (blockLengthSamples) and the state of 2666667 segments would need 5.09 GiB',
    );
  });

  it('refuses generate-dataset --count 1e9 before any work, naming --count, the memory and the limit (Why 4)', async () => {
    const output = join(dir, 'many');
    const { code, err } = await run(['generate-dataset', '--count', '1000000000', '--duration', '1', '-o', output]);
    expect(code).toBe(1);
    expect(err).toContain(
      'MemoryLimitError: --count: the manifest of 1000000000 recordings would need 7.45 TiB of memory; the limit is 4.00 GiB (the built-in limit)',
    );
    await expect(readdir(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses generate-dataset whose recordings would not fit on the disk, naming --count (Why 4)', async () => {
    // 500 000 recordings of 1 h at 400 Hz: about 282 TB, more than any test machine's free space
    const args = [
      'generate-dataset',
      '--count',
      '500000',
      '--duration',
      '3600',
      '--rate',
      '400',
      '-o',
      join(dir, 'big'),
    ];
    const { code, err } = await run(args);
    expect(code).toBe(1);
    expect(err).toMatch(
      /MemoryLimitError: --count: 500000 recordings of 3600 s at 400 Hz \(--duration × --rate\) in .*big would need 2\d\d TiB of disk; the limit is .* \(the free space there\)/,
    );
  });

  it('refuses generate-dataset into a folder that holds files unless --replace (Why 12)', async () => {
    const output = join(dir, 'dataset');
    await mkdir(output, { recursive: true });
    await writeFile(join(output, 'recording_0099.mcap'), 'stale');
    const refused = await run(['generate-dataset', '--count', '1', '--duration', '2', '-o', output]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/CliUsageError: --output: expected an empty or new folder .*--replace/);
    const replaced = await run(['generate-dataset', '--count', '1', '--duration', '2', '-o', output, '--replace']);
    expect(replaced.code).toBe(0);
  });
});

/** One small dataset and one tiny model shared by the model and data cases. */
describe('tscls faults with a dataset and a model', () => {
  let data: string;
  let model: string;

  beforeAll(async () => {
    data = join(dir, 'model-data');
    model = join(dir, 'model');
    const common = ['--rate', '50', '--seed', '3'];
    expect((await run(['generate-dataset', '--count', '6', '-o', data, '--duration', '8', ...common])).code).toBe(0);
    const trained = await run(['train', '--data', data, '-o', model, '--preset', 'tiny', '--max-steps', '2']);
    expect(trained.err).toBe('');
  }, 180_000);

  it('refuses a training dataset past --max-memory, naming it; a larger --max-memory lets the same data through', async () => {
    const train = (maxMemoryMib: string, output: string) =>
      run([
        'train',
        '--data',
        data,
        '-o',
        output,
        '--max-steps',
        '1',
        '--no-data-parallel',
        '--max-memory',
        maxMemoryMib,
      ]);
    // 0.1 MiB does not hold one recording's windows (8 of 2 s with 1 s of context on each side, 225 KiB); the features
    // of every recording (one bin per channel: 288 B a window) would fit
    const refused = await train('0.1', join(dir, 'never'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /MemoryLimitError: --hop: 8\.00 windows of 2 s \(--window\) every 1 s over \S+recording_000\d\.mcap would need 225 KiB of memory; the limit is 102 KiB \(--max-memory\)/,
    );
    expect(await readdir(dir)).not.toContain('never');
    const raised = await train('64', join(dir, 'raised-model'));
    expect(raised.err).toBe('');
    expect(raised.code).toBe(0);
    expect(await readdir(join(dir, 'raised-model'))).toContain('weights.bin');
  });

  it('refuses corrupted weights with a typed error and writes nothing (Why 3)', async () => {
    const broken = join(dir, 'broken-model');
    await cp(model, broken, { recursive: true });
    const size = (await readFile(join(broken, 'weights.bin'))).length;
    await writeFile(join(broken, 'weights.bin'), randomBytes(size));
    const output = join(dir, 'broken.classification.mcap');
    const recording = join(data, 'recording_0000.mcap');
    const { code, err } = await run(['classify', '--model', broken, '--input', recording, '-o', output]);
    expect(code).toBe(1);
    expect(err).toMatch(/ModelDirectoryError: .*broken-model: weights\.bin: expected SHA-256 [0-9a-f]{64}/);
    expect(await readdir(dir)).not.toContain('broken.classification.mcap');
    const evaluated = await run(['evaluate', '--model', broken, '--data', data]);
    expect(evaluated.code).toBe(1);
    expect(evaluated.out).toBe('');
  });

  it('says a recording is shorter than one window when classifying it (Why 11)', async () => {
    const short = join(dir, 'short');
    expect((await run(['generate-dataset', '--count', '1', '-o', short, '--duration', '1', '--rate', '50'])).code).toBe(
      0,
    );
    const input = join(short, 'recording_0000.mcap');
    const { code, err } = await run(['classify', '--model', model, '--input', input, '-o', join(dir, 's.mcap')]);
    expect(code).toBe(1);
    expect(err).toMatch(/no window to classify: the recording lasts 0\.98 s, the model's windows need \d+ s/);
    expect(err).toContain(`${input}: no window to classify`);
  });

  it('says the recordings are shorter than one window when training on them (Why 11)', async () => {
    const short = join(dir, 'short-dataset');
    expect((await run(['generate-dataset', '--count', '3', '-o', short, '--duration', '1', '--rate', '50'])).code).toBe(
      0,
    );
    const { code, err } = await run(['train', '--data', short, '-o', join(dir, 'never'), '--preset', 'tiny']);
    expect(code).toBe(1);
    expect(err).toMatch(
      /recordings: expected at least one window of \d+ s, found "the longest of 3 recording\(s\) lasts 0\.98 s"/,
    );
  });

  it('names --hop and --window as typed, never hopSec or windowSec, when train refuses them (issue 14)', async () => {
    const tooSmall = await run([
      'train',
      '--data',
      data,
      '-o',
      join(dir, 'never'),
      '--preset',
      'tiny',
      '--hop',
      '1e-5',
    ]);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.err).toMatch(
      /MemoryLimitError: --hop: 7\.98e\+5 windows of 2 s \(--window\) every 0\.00001 s over .*recording_0000\.mcap would need \d+\.?\d* GiB of memory; the limit is 4\.00 GiB \(--max-memory\)/,
    );
    const tooShort = await run(['train', '--data', data, '-o', join(dir, 'never'), '--window', '0.001']);
    expect(tooShort.code).toBe(2);
    expect(tooShort.err).toContain(
      'CliUsageError: --window: expected at least one sample period (0.01 s), found 0.001',
    );
    expect(tooSmall.err + tooShort.err).not.toMatch(/hopSec|windowSec/);
  });

  it('names the file, the absolute byte offset and the record of a truncated MCAP (Why 13)', async () => {
    const whole = await readFile(join(data, 'recording_0000.mcap'));
    const cut = join(dir, 'cut.mcap');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const { truncation } = await readRecordingStream(cut);
    expect(truncation?.record).toBe('Chunk');
    expect(truncation!.offset).toBeGreaterThan(1000); // a file offset, not one inside a chunk
    const { code, err } = await run(['classify', '--model', model, '--input', cut, '-o', join(dir, 'cut.c.mcap')]);
    expect(code).toBe(1);
    expect(err).toContain(
      `McapTruncatedError: ${cut}: truncated at byte ${truncation!.offset} of the file, in a Chunk`,
    );
    const inspected = await run(['inspect', cut]);
    expect(inspected.out).toContain(`TRUNCATED at byte ${truncation!.offset} of the file: Chunk record needs`);
  });

  it('refuses a label value the model does not know, naming the file and the event (Why 13)', async () => {
    const odd = join(dir, 'odd-labels');
    await cp(data, odd, { recursive: true });
    const labelsPath = join(odd, 'recording_0001.labels.json');
    const labels = JSON.parse(await readFile(labelsPath, 'utf8'));
    labels.events[0].metadata.mag_distortion = '7';
    await writeFile(labelsPath, JSON.stringify(labels));
    const expected = `${labelsPath}: events[0] (id ${JSON.stringify(labels.events[0].id)}): mag_distortion: expected one of "0", "1", "2", found "7"`;
    const evaluated = await run(['evaluate', '--model', model, '--data', odd]);
    expect(evaluated.code).toBe(1);
    expect(evaluated.err).toContain(expected);
    const trained = await run(['train', '--data', odd, '-o', join(dir, 'never'), '--preset', 'tiny']);
    expect(trained.code).toBe(1);
    expect(trained.err).toContain(expected);
  });

  it('refuses one path for two outputs before writing anything (Why 12)', async () => {
    const output = join(dir, 'same.mcap');
    const input = join(data, 'recording_0000.mcap');
    const classified = await run([
      'classify',
      '--model',
      model,
      '--input',
      input,
      '-o',
      output,
      '--labels-out',
      output,
    ]);
    expect(classified.code).toBe(1);
    expect(classified.err).toContain(`--labels-out: expected a path other than --output's, found "${output}"`);
    expect(await readdir(dir)).not.toContain('same.mcap');
  });
});
