/**
 * `pnpm --filter @tsc/ast-model bench:streaming`: latency of {@link StreamingClassifier} from the push of the sample
 * that completes a window to its prediction, for the default `sensor` preset and feature settings on one core (the
 * selected backend, wasm unless TSC_TFJS_BACKEND says otherwise). A 10-minute synthetic recording is pushed one
 * time step at a time (all topics), as a live 100 Hz stream arrives; every push that returns a prediction is timed.
 * Target: p99 ≤ 50 ms.
 */
import { sensorSpectrogramShape } from '@tsc/spectrogram';
import { createDatasetPlan, generateRecording } from '@tsc/synthetic';
import {
  AstClassifier,
  astConfig,
  createAstModel,
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  initializeBackend,
  StreamingClassifier,
} from '../src/index.js';

const TARGET_MS = 50;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

const backend = await initializeBackend();
const settings = DEFAULT_SENSOR_FEATURE_SETTINGS;
const [frames, bins] = sensorSpectrogramShape(settings.spectrogram, Math.round(settings.windowSec * 100)).shape;
const config = astConfig({ maxLength: frames, numMelBins: bins });
const classifier = new AstClassifier({
  model: createAstModel(config, { seed: 1 }),
  config,
  labelNames: ['none', 'low', 'high'],
  featureSettings: { ...settings },
});
const plan = createDatasetPlan({ level: 'high', kind: 'world_hard_iron', motion: 'yaw', seed: 1, durationSec: 600 });
const { recording } = generateRecording(plan, { seed: 1 });
const stream = new StreamingClassifier(classifier, { calibration: recording.metadata.calibration });
const series = stream.topics.map((topic) => recording.topics.get(topic)!);
const latenciesMs: number[] = [];
const warmupWindows = 5;
let windowsSeen = 0;
for (let i = 0; i < series[0]!.timestampsNs.length; i++) {
  for (const s of series) {
    const start = performance.now();
    const predictions = stream.push(s.topic, s.timestampsNs.subarray(i, i + 1), s.values.subarray(i * 3, i * 3 + 3));
    const elapsedMs = performance.now() - start;
    if (predictions.length > 0 && ++windowsSeen > warmupWindows) latenciesMs.push(elapsedMs);
  }
}
latenciesMs.sort((a, b) => a - b);
const p50 = percentile(latenciesMs, 0.5);
const p99 = percentile(latenciesMs, 0.99);
console.log(
  `streaming latency, sample completing a window → prediction (preset sensor, ${frames}×${bins} input, ` +
    `backend ${backend.backend}, ${latenciesMs.length} windows): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
    `max ${latenciesMs.at(-1)!.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${p99 <= TARGET_MS ? 'ok' : 'OVER TARGET'}`,
);
console.log(
  `samples held at the end: ${stream.bufferedSamples} (one window of ${series.length} topics plus at most one hop)`,
);
classifier.dispose();
