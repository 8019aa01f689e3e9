/**
 * `pnpm --filter @tsc/ast-model bench:streaming`: latency of {@link StreamingClassifier} from the push of the sample
 * that completes a window to its prediction, for the default model (the `sensor` preset as an ensemble of
 * `DISTORTION_ENSEMBLE_SIZE` members, as `trainDistortionModel` trains it) and feature settings on one core, on
 * every backend that loads here (wasm, and tensorflow where tfjs-node loads; TSC_TFJS_BACKEND picks one). A
 * 10-minute synthetic recording is pushed one time step at a time (all topics), as a live 100 Hz stream arrives,
 * with the running reference estimate; every push that returns a prediction is timed. Target: p99 ≤ 50 ms.
 *
 * Beside it, measured in the same run on the same recording, so that a loaded machine shows in both: the time per
 * window of `classifyRecording` (batches of 64 windows) and of one window's forward pass alone, and the ratio of the
 * streaming p50 to them.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import {
  type AstBackendName,
  AstClassifier,
  classifyRecording,
  createAstModel,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  DISTORTION_ENSEMBLE_SIZE,
  initializeBackend,
  loadableBackends,
  StreamingClassifier,
  sensorAstConfig,
} from '../src/index.js';

const TARGET_MS = 50;
const WARM_UP_WINDOWS = 5;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

const settings = DEFAULT_SENSOR_FEATURE_SETTINGS;
const config = sensorAstConfig(settings, { ensembleSize: DISTORTION_ENSEMBLE_SIZE });
const { maxLength: frames, numMelBins: bins } = config;
const plan = createDatasetPlan({ level: 'high', kind: 'world_hard_iron', motion: 'yaw', seed: 1, durationSec: 600 });
const { recording } = generateRecording(plan, { seed: 1 });
const { calibration } = recording.metadata;

/** Pushes the recording one time step at a time; the latency of each push that completes a window (ms, sorted). */
function streamingLatenciesMs(classifier: AstClassifier): { latenciesMs: number[]; bufferedSamples: number } {
  const stream = new StreamingClassifier(classifier, { calibration });
  const series = stream.topics.map((topic) => recording.topics.get(topic)!);
  const latenciesMs: number[] = [];
  let windowsSeen = 0;
  for (let i = 0; i < series[0]!.timestampsNs.length; i++) {
    for (const s of series) {
      const start = performance.now();
      const predictions = stream.push(s.topic, s.timestampsNs.subarray(i, i + 1), s.values.subarray(i * 3, i * 3 + 3));
      const elapsedMs = performance.now() - start;
      if (predictions.length > 0 && ++windowsSeen > WARM_UP_WINDOWS) latenciesMs.push(elapsedMs);
    }
  }
  return { latenciesMs: latenciesMs.sort((a, b) => a - b), bufferedSamples: stream.bufferedSamples };
}

/** `classifyRecording` of the whole recording: ms per window. */
function batchMsPerWindow(classifier: AstClassifier): number {
  classifyRecording(recording, classifier); // warm-up
  const start = performance.now();
  const { messages } = classifyRecording(recording, classifier);
  return (performance.now() - start) / messages.length;
}

/**
 * One window's forward pass alone (its spectrogram ready; values do not change the cost), as many times as there are
 * streamed windows: p50 and p99 (ms). Its p99 is what the machine's load does to a fixed piece of work.
 */
function forwardPassMs(classifier: AstClassifier, count: number): { p50: number; p99: number } {
  const one = { data: new Float32Array(frames * bins).fill(0.5), shape: [1, frames, bins] as [number, number, number] };
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const start = performance.now();
    classifier.predict(one);
    if (i >= 10) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const forced = process.env.TSC_TFJS_BACKEND as AstBackendName | undefined;
const backends = forced === undefined ? (await loadableBackends()).filter((name) => name !== 'cpu') : [forced];
console.log(
  `streaming latency, sample completing a window → prediction (preset sensor, ${config.ensembleSize} members, ${frames}×${bins} input, ` +
    `${settings.windowSec} s windows every ${settings.hopSec} s, 10 min at 100 Hz; backends: ${backends.join(', ')}; ` +
    `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
);
for (const name of backends) {
  const { backend } = await initializeBackend({ backend: name });
  const classifier = new AstClassifier({
    model: createAstModel(config, { seed: 1 }),
    config,
    labelNames: ['none', 'low', 'high'],
    featureSettings: { ...settings },
  });
  const { latenciesMs, bufferedSamples } = streamingLatenciesMs(classifier);
  const batchMs = batchMsPerWindow(classifier);
  const forward = forwardPassMs(classifier, latenciesMs.length);
  classifier.dispose();
  const p50 = percentile(latenciesMs, 0.5);
  const p99 = percentile(latenciesMs, 0.99);
  console.log(
    `  ${backend.padEnd(10)} ${latenciesMs.length} windows: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
      `max ${latenciesMs.at(-1)!.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${p99 <= TARGET_MS ? 'ok' : 'OVER TARGET'}`,
  );
  console.log(
    `  ${''.padEnd(10)} same run: classifyRecording ${batchMs.toFixed(2)} ms per window; one window's forward pass ` +
      `alone p50 ${forward.p50.toFixed(2)} ms, p99 ${forward.p99.toFixed(1)} ms; streaming p50 = ` +
      `${(p50 / batchMs).toFixed(1)}× batch per window, ${(p50 / forward.p50).toFixed(1)}× a forward pass; ` +
      `samples held at the end ${bufferedSamples}`,
  );
}
