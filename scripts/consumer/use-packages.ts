// Uses every published @tsc package as an application would, from the packed tarballs installed by npm
// (scripts/consumer-test.mjs type-checks this file with strict NodeNext settings, compiles and runs it).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AstClassifier,
  astConfig,
  classifyRecording,
  createAstModel,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  initializeBackend,
  sensorAstConfig,
} from '@tsc/ast-model';
import { renderVegaLiteSvg } from '@tsc/cli';
import { TscError as McapTscError, windows } from '@tsc/mcap-utils';
import { readRecordingFile, writeRecordingFile } from '@tsc/mcap-utils/node';
import { LocalProjectStore } from '@tsc/nstrumenta';
import { kaldiFbank } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording, TscError } from '@tsc/synthetic';

const dir = await mkdtemp(join(tmpdir(), 'tsc-consumer-run-'));
try {
  // @tsc/synthetic → @tsc/mcap-utils: 9 s of a distorted recording, written to MCAP and read back.
  const plan = createDatasetPlan({ level: 'high', kind: 'dipole', motion: 'yaw', seed: 3, durationSec: 9 });
  const { recording, labels } = generateRecording(plan, { seed: 3 });
  const path = join(dir, 'run.mcap');
  await writeRecordingFile(path, recording);
  const back = await readRecordingFile(path);
  assert.deepEqual([...back.topics.keys()].sort(), [...recording.topics.keys()].sort());
  const list = windows(back, { topics: ['mag_raw'], windowSec: 3, hopSec: 3, labels: labels.events });
  assert.equal(list.length, 3);
  console.log(`synthetic + mcap-utils: ${back.topics.size} topics, ${list.length} windows of 3 s`);

  // @tsc/spectrogram: the Kaldi fbank of 1 s of a 1 kHz tone at 16 kHz.
  const tone = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const fbank = kaldiFbank(tone);
  assert.deepEqual(fbank.shape, [98, 128]);
  console.log(`spectrogram: fbank ${fbank.shape.join('×')}`);

  // @tsc/ast-model: an untrained sensor AST classifies the recording window by window.
  const { backend } = await initializeBackend();
  const config = sensorAstConfig(DEFAULT_SENSOR_FEATURE_SETTINGS, { preset: 'sensor' });
  const model = createAstModel(config, { seed: 1 });
  const featureSettings = { ...DEFAULT_SENSOR_FEATURE_SETTINGS };
  const classifier = new AstClassifier({ model, config, labelNames: ['0', '1', '2'], featureSettings });
  const { messages } = classifyRecording(recording, classifier);
  assert.ok(messages.length > 0);
  for (const message of messages) {
    assert.ok(Math.abs(message.probabilities.reduce((sum, p) => sum + p, 0) - 1) < 1e-4);
  }
  classifier.dispose();
  console.log(`ast-model: ${messages.length} windows classified on ${backend}`);

  // @tsc/nstrumenta: a local project store.
  const store = new LocalProjectStore(join(dir, 'store'));
  await store.upload(path, 'runs/run.mcap');
  assert.deepEqual(
    (await store.listData()).map((record) => record.data.filePath),
    ['projects/local/data/runs/run.mcap'],
  );
  console.log('nstrumenta: uploaded and listed');

  // @tsc/cli: the report renderer (vega and vega-lite).
  const svg = await renderVegaLiteSvg({
    data: { values: [{ x: 1, y: 2 }] },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  });
  assert.match(svg, /^<svg/);
  console.log(`cli: ${svg.length} bytes of SVG`);

  // Errors across packages: thrown by @tsc/mcap-utils and @tsc/ast-model, recognised by the TscError of others.
  const notMcap = join(dir, 'not.mcap');
  await writeFile(notMcap, 'not an MCAP file');
  await assert.rejects(readRecordingFile(notMcap), (error) => error instanceof TscError);
  assert.throws(
    () => astConfig({ preset: 'unknown' as 'sensor' }),
    (error) => error instanceof McapTscError,
  );
  assert.ok(!(new Error('plain') instanceof TscError));
  console.log('errors: instanceof TscError holds across packages');
} finally {
  await rm(dir, { recursive: true, force: true });
}
