/// <reference lib="webworker" />
// The inference worker: holds the classifier, classifies whole recordings and live streams, so the page stays
// responsive. TensorFlow.js runs on its wasm backend (the same kernels as in Node), whose .wasm files Vite serves.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  type AstClassifier,
  classifierFromArtifacts,
  classifyRecording,
  initializeBackend,
  prepareRecording,
  StreamingClassifier,
  sensorFeatureSettingsOf,
} from '@tsc/ast-model';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
});

let classifier: AstClassifier | undefined;
let stream: StreamingClassifier | undefined;

function reply(message: WorkerResponse): void {
  self.postMessage(message);
}

function requireClassifier(): AstClassifier {
  if (classifier === undefined) throw new Error('open a model first');
  return classifier;
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'load-model': {
      const backend = await initializeBackend({ backend: 'wasm' });
      const { config, model, weights, source } = request.files;
      classifier?.dispose();
      classifier = await classifierFromArtifacts(config, model, weights, source);
      reply({
        type: 'model-loaded',
        backend: backend.backend,
        labelNames: [...classifier.labelNames],
        featureSettings: classifier.featureSettings,
        topics: [...new StreamingClassifier(classifier).topics],
        source,
      });
      return;
    }
    case 'classify': {
      const start = performance.now();
      const { messages } = classifyRecording(request.recording, requireClassifier(), {
        onProgress: (progress) => reply({ type: 'progress', ...progress }),
      });
      reply({ type: 'classified', messages, elapsedMs: performance.now() - start });
      return;
    }
    case 'live-start': {
      const live = requireClassifier();
      // A replay knows its whole recording: take its reference field as classifyRecording does. Device sensors
      // have none: the stream estimates it as it goes (a slow running median, seeded by its first window).
      const reference =
        request.replayOf === undefined
          ? undefined
          : prepareRecording(request.replayOf, sensorFeatureSettingsOf(live)).reference;
      stream = new StreamingClassifier(live, {
        calibration: request.calibration,
        ...(reference === undefined ? {} : { reference }),
      });
      reply({ type: 'live-started', topics: [...stream.topics] });
      return;
    }
    case 'live-push': {
      if (stream === undefined) return;
      for (const prediction of stream.push(request.topic, request.timestampsNs, request.values))
        reply({ type: 'live-prediction', prediction, latencyMs: Date.now() - request.sentAtMs });
      return;
    }
    case 'live-end': {
      if (stream === undefined) return;
      for (const prediction of stream.end()) reply({ type: 'live-prediction', prediction, latencyMs: 0 });
      stream = undefined;
      reply({ type: 'live-ended' });
      return;
    }
  }
}

// Requests run one at a time, in order.
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  queue = queue.then(() =>
    handle(event.data).catch((error: unknown) =>
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    ),
  );
};
