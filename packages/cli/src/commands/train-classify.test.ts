import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  classifyRecording,
  classifyRecordingWithBaseline,
  recordingMetrics,
  StreamingClassifier,
  type StreamingPrediction,
} from '@tsc/ast-model';
import { findLabelledRecordings, loadModelDirectory, readLabelledRecordings } from '@tsc/ast-model/node';
import { fixturePath } from '@tsc/fixtures';
import { calibratedRecording, parseLabels, parsePhoneLogLine } from '@tsc/mcap-utils';
import { readClassificationFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, captureIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

/** One tiny dataset and one tiny model, shared by every test (a few seconds of training). */
describe('tscls train, evaluate and classify on generated data', () => {
  let dir: string;
  let data: string;
  let model: string;
  let trainOutput: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscls-train-'));
    data = join(dir, 'data');
    model = join(dir, 'model');
    expect(
      await runCli(
        ['generate-dataset', '--count', '6', '-o', data, '--duration', '8', '--rate', '50', '--seed', '3'],
        captureIo(),
      ),
    ).toBe(0);
    const io = captureIo();
    const code = await runCli(
      ['train', '--data', data, '-o', model, '--max-steps', '4', '--batch-size', '8', '--seed', '1'],
      io,
    );
    trainOutput = io.out();
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains and saves a model folder with its feature settings', async () => {
    expect(trainOutput).toMatch(
      /6 recordings → \d+ windows of 18 × 4 \(\d+ train, \d+ validation from separate recordings\), classes none, low, high/,
    );
    // three models from seeds 1, 2 and 3, saved as the mean of their probabilities
    expect(trainOutput).toMatch(/trained 3 models in [\d.]+ s on \w+ \(preset sensor\), saved as the mean/);
    for (const seed of [1, 2, 3]) expect(trainOutput).toMatch(new RegExp(`model ${seed}, seed ${seed}: 4 steps in`));
    // this small step stays on one thread on wasm (below 1 GFLOP); tensorflow threads its own kernels
    expect(trainOutput).toMatch(
      /\ngradients: (one thread: a step of 0\.\d\d GFLOP is below the 1 GFLOP|TensorFlow runs each kernel on every core)/,
    );
    expect(trainOutput).not.toContain('data-parallel on');
    expect(trainOutput).toContain('confusion matrix');
    expect((await readdir(model)).sort()).toEqual(['config.json', 'metrics.json', 'model.json', 'weights.bin']);
    const config = JSON.parse(await readFile(join(model, 'config.json'), 'utf8'));
    // the model's own rate, whatever the data's (50 Hz here): recordings are resampled to it
    expect(config.featureSettings).toMatchObject({
      windowSec: 2,
      hopSec: 1,
      reference: 'recording',
      spectrogram: { sampleRateHz: 100 },
    });
    expect(config.modelConfig.ensembleSize).toBe(3);
    const metrics = JSON.parse(await readFile(join(model, 'metrics.json'), 'utf8'));
    expect(metrics.history.map((history: { steps: unknown[] }) => history.steps.length)).toEqual([4, 4, 4]);
  });

  it('evaluates a model and writes the metrics', async () => {
    const output = join(dir, 'metrics.json');
    const io = captureIo();
    expect(await runCli(['evaluate', '--model', model, '--data', data, '-o', output], io)).toBe(0);
    expect(io.out()).toMatch(/model .*, 6 recordings, macro-F1 \d\.\d{3}/);
    expect(io.out()).toMatch(/disturbed vs none: balanced accuracy \d\.\d{3} {2}TPR/);
    expect(io.out()).toMatch(/recording_0000: balanced accuracy .*\(resampled 50\.00 → 100 Hz/);
    const metrics = JSON.parse(await readFile(output, 'utf8'));
    expect(metrics.confusionMatrix).toHaveLength(3);
    expect(metrics.perClass.map((perClass: { label: string }) => perClass.label)).toEqual(['0', '1', '2']);
    // read block by block, scored as the whole recordings in memory are
    const classifier = await loadModelDirectory(model);
    const whole = [];
    for await (const { recording, labels } of readLabelledRecordings(await findLabelledRecordings(data)))
      whole.push(classifyRecording(recording, classifier, { labels }));
    classifier.dispose();
    const inMemory = recordingMetrics(whole, ['0', '1', '2']);
    expect(metrics.confusionMatrix).toEqual(inMemory.confusionMatrix);
    expect(metrics.macroF1).toBeCloseTo(inMemory.macroF1, 9);
  });

  it('classifies a recording: one message per window with probabilities, merged label events', async () => {
    const input = join(data, 'recording_0000.mcap');
    const output = join(dir, 'run.classification.mcap');
    const labelsOut = join(dir, 'run.predicted.labels.json');
    const io = captureIo();
    expect(
      await runCli(['classify', '--model', model, '--input', input, '-o', output, '--labels-out', labelsOut], io),
    ).toBe(0);
    const messages = await readClassificationFile(output);
    expect(messages).toHaveLength(6); // 8 s at 50 Hz → 7.99 s at 100 Hz: 2 s windows every 1 s
    for (const message of messages) {
      expect(message.probabilities).toHaveLength(3);
      expect(message.probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
      expect(['0', '1', '2']).toContain(message.label);
      expect(message.windowEndNs - message.windowStartNs).toBe(2_000_000_000n);
    }
    const labels = parseLabels(await readFile(labelsOut, 'utf8'));
    expect(labels.events.length).toBeGreaterThan(0);
    expect(io.out()).toContain('classified 6 windows');
    expect(io.out()).toContain('(resampled 50.00 → 100 Hz');
  });

  it('classifies a recording with a physics rule instead of a model: the same windows and files', async () => {
    const input = join(data, 'recording_0000.mcap');
    const output = join(dir, 'rule.classification.mcap');
    const labelsOut = join(dir, 'rule.predicted.labels.json');
    const io = captureIo();
    const args = [
      'classify',
      '--baseline',
      'deviation-bound',
      '--input',
      input,
      '-o',
      output,
      '--labels-out',
      labelsOut,
    ];
    expect(await runCli(args, io)).toBe(0);
    const messages = await readClassificationFile(output);
    const direct = classifyRecordingWithBaseline(await readRecordingFile(input), 'deviation-bound');
    expect(messages.map((m) => [m.windowStartNs, m.label, m.probabilities])).toEqual(
      direct.messages.map((m) => [m.windowStartNs, m.label, m.probabilities]),
    );
    expect(parseLabels(await readFile(labelsOut, 'utf8')).events).toHaveLength(direct.events.length);
    expect(io.out()).toContain('classified 6 windows');
    const stream = ['classify', '--baseline', 'deviation-bound', '--follow', '-'];
    expect(await runCli(stream, captureIo())).toBe(2);
    expect(await runCli(['classify', '--input', input, '-o', output], captureIo())).toBe(2);
    const both = ['classify', '--model', model, '--baseline', 'norm-dip', '--input', input, '-o', output];
    expect(await runCli(both, captureIo())).toBe(2);
  });

  it('prints a per-window table, and with --json every window and event as JSON', async () => {
    const input = join(data, 'recording_0002.mcap');
    const output = join(dir, 'json.classification.mcap');
    const table = captureIo();
    expect(await runCli(['classify', '--model', model, '--input', input, '-o', output], table)).toBe(0);
    const rows = table
      .out()
      .split('\n')
      .filter((line) => /^\s+\d+\.\d – +\d+\.\d s {2}\S+ +(\d\.\d{3} *){3}$/.test(line));
    const messages = await readClassificationFile(output);
    expect(rows).toHaveLength(messages.length);
    const io = captureIo();
    expect(await runCli(['classify', '--model', model, '--input', input, '-o', output, '--json'], io)).toBe(0);
    const parsed = JSON.parse(io.out());
    expect(parsed.classNames).toEqual(['none', 'low', 'high']);
    expect(parsed.windows).toHaveLength(messages.length);
    expect(parsed.windows[1]).toEqual({
      windowStartNs: String(messages[1]!.windowStartNs),
      windowEndNs: String(messages[1]!.windowEndNs),
      label: messages[1]!.label,
      className: ['none', 'low', 'high'][Number(messages[1]!.label)],
      probabilities: messages[1]!.probabilities,
    });
    expect(parsed.events.length).toBeGreaterThan(0);
  });

  it('says when and why training stopped early, and trains every step with --no-early-stop', async () => {
    const args = [
      'train',
      '--data',
      data,
      '--epochs',
      '10',
      '--batch-size',
      '8',
      '--seed',
      '1',
      '--ensemble-size',
      '1',
    ];
    const early = captureIo();
    expect(await runCli([...args, '-o', join(dir, 'early')], early)).toBe(0);
    const stopped =
      /stopped early at step (\d+) of (\d+): validation macro-F1 did not improve for 4 evaluations after step \d+/.exec(
        early.out(),
      );
    expect(stopped).not.toBeNull();
    expect(Number(stopped![1])).toBeLessThan(Number(stopped![2]));
    const full = captureIo();
    expect(await runCli([...args, '-o', join(dir, 'full'), '--no-early-stop'], full)).toBe(0);
    expect(full.out()).toContain(`trained ${stopped![2]} steps`);
    expect(full.out()).not.toContain('stopped early');
  }, 120_000);

  it('draws the window progress on a terminal progress stream and leaves standard output as without one', async () => {
    const input = join(data, 'recording_0001.mcap');
    const args = ['classify', '--model', model, '--input', input, '-o', join(dir, 'progress.classification.mcap')];
    let drawn = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 120 },
    );
    const captured = captureIo();
    const io: CliIo = { ...captured, progressStream: terminal };
    expect(await runCli(args, io)).toBe(0);
    expect(drawn).toMatch(/classify\s+\[[^\]]*\] 0% 0\/1/); // before the first batch
    expect(drawn).toMatch(/classify\s+\[[^\]]*\] 100% 6\/6/); // 8 s: 6 windows
    expect(captured.err()).toBe('');
    const plain = captureIo();
    expect(await runCli(args, plain)).toBe(0);
    expect(captured.out()).toBe(plain.out());
    expect(captured.out()).toContain('classified 6 windows');
  });

  it('classifies a recording at any other rate, resampled to the model rate, and refuses a folder without labelled recordings', async () => {
    const other = join(dir, 'other.mcap');
    expect(
      await runCli(['generate', '--plan', fixturePath('seed', 'default_plan.json'), '-o', other], captureIo()),
    ).toBe(0);
    const io = captureIo();
    expect(await runCli(['classify', '--model', model, '--input', other, '-o', join(dir, 'x.mcap')], io)).toBe(0);
    expect(io.out()).toMatch(/classified \d+ windows of .*other\.mcap \(resampled 30\.00 → 100 Hz/);
    expect(existsSync(join(dir, 'x.mcap'))).toBe(true);
    const empty = captureIo();
    expect(await runCli(['train', '--data', model, '-o', join(dir, 'm2')], empty)).toBe(1);
    expect(empty.err()).toContain('expected <name>.mcap files with <name>.labels.json');
  });

  it('evaluates a physics baseline with the same windows and figures', async () => {
    const io = captureIo();
    expect(await runCli(['evaluate', '--baseline', 'norm-dip', '--data', data], io)).toBe(0);
    expect(io.out()).toMatch(/baseline norm-dip, 6 recordings, macro-F1 \d\.\d{3}/);
    const bound = captureIo();
    expect(await runCli(['evaluate', '--baseline', 'deviation-bound', '--data', data], bound)).toBe(0);
    expect(bound.out()).toMatch(/baseline deviation-bound, 6 recordings, macro-F1 \d\.\d{3}/);
    expect(io.out()).toMatch(/disturbed vs none: balanced accuracy \d\.\d{3}/);
    expect(await runCli(['evaluate', '--data', data], captureIo())).toBe(2);
    expect(await runCli(['evaluate', '--baseline', 'magic', '--data', data], captureIo())).toBe(2);
    expect(await runCli(['evaluate', '--baseline', 'norm-dip', '--model', model, '--data', data], captureIo())).toBe(2);
  });

  it('classifies live with --follow: a growing file of sensor-log JSON lines, as StreamingClassifier does', async () => {
    const input = join(data, 'recording_0000.mcap');
    // The phone-log form of the recording: calibrated values (m/s² for ACCEL_AUTOCAL), records in time order.
    const recording = calibratedRecording(await readRecordingFile(input));
    const types = { mag_raw: 'MAG_AUTOCAL', acc_raw: 'ACCEL_AUTOCAL', gyro_raw: 'GYRO_AUTOCAL' } as const;
    const records: { timeNs: bigint; line: string }[] = [];
    for (const [topic, type] of Object.entries(types)) {
      const series = recording.topics.get(topic)!;
      series.timestampsNs.forEach((timeNs, i) => {
        const values = Array.from(series.values.subarray(i * 3, i * 3 + 3));
        records.push({ timeNs, line: JSON.stringify({ ts: Number(timeNs) / 1000, type, values }) });
      });
    }
    records.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
    const lines = records.map((r) => `${r.line}\n`);
    // What the streaming classifier gives for the same lines, pushed one by one.
    const classifier = await loadModelDirectory(model);
    const stream = new StreamingClassifier(classifier);
    const expected: StreamingPrediction[] = [];
    for (const line of lines) {
      const sample = parsePhoneLogLine(line, 'x', 'm/s^2')!;
      expected.push(...stream.push(sample.topic, [sample.timeNs], sample.values));
    }
    expected.push(...stream.end());
    classifier.dispose();
    expect(expected.length).toBeGreaterThan(3); // 8 s: 2 s windows every 1 s
    const logPath = join(dir, 'live.jsonl');
    const half = Math.floor(lines.length / 2);
    await writeFile(logPath, `{"ts":0,"type":"START"}\n${lines.slice(0, half).join('')}`);
    const io = captureIo();
    const args = ['classify', '--model', model, '--follow', logPath, '--idle-sec', '1.5', '--accel-unit', 'm/s^2'];
    const running = runCli(args, io);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await appendFile(logPath, lines.slice(half).join(''));
    expect(await running).toBe(0);
    const live = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(live.map((p) => [BigInt(p.windowStartNs), BigInt(p.windowEndNs), p.label, p.probabilities])).toEqual(
      expected.map((p) => [p.windowStartNs, p.windowEndNs, p.label, p.probabilities]),
    );
    expect(io.err()).toContain(`classified ${expected.length} windows`);
  });

  it('treats conflicting or invalid options as usage errors', async () => {
    expect(await runCli(['train', '--data', data, '-o', model, '--max-steps', '3', '--epochs', '2'], captureIo())).toBe(
      2,
    );
    expect(await runCli(['train', '--data', data, '-o', model, '--preset', 'huge'], captureIo())).toBe(2);
    expect(await runCli(['classify', '--model', model, '--input', 'x.mcap'], captureIo())).toBe(2);
    expect(await runCli(['classify', '--model', model, '--input', 'x.mcap', '--follow', '-'], captureIo())).toBe(2);
  });
});
