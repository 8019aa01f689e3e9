import type { SensorFeatureSettings, StreamingPrediction } from '@tsc/ast-model';
import type { ClassificationMessage, ImuRecording, RecordingMetadata } from '@tsc/mcap-utils';

/** The three files of a model directory, as read in the page. */
export interface ModelFiles {
  /** `config.json` text. */
  config: string;
  /** `model.json` text. */
  model: string;
  /** `weights.bin` bytes. */
  weights: Uint8Array;
  /** Where they came from, for messages. */
  source: string;
}

/** What the page asks the inference worker. */
export type WorkerRequest =
  | { type: 'load-model'; files: ModelFiles }
  | { type: 'classify'; recording: ImuRecording }
  | { type: 'live-start'; calibration: RecordingMetadata['calibration']; replayOf?: ImuRecording }
  | { type: 'live-push'; topic: string; timestampsNs: BigInt64Array; values: Float64Array; sentAtMs: number }
  | { type: 'live-end' };

/** What the inference worker answers. */
export type WorkerResponse =
  | {
      type: 'model-loaded';
      backend: string;
      labelNames: string[];
      featureSettings: SensorFeatureSettings;
      topics: string[];
      /** Where the model came from (a file, folder or URL). */
      source: string;
    }
  | { type: 'progress'; windowsDone: number; windowsTotal: number }
  | { type: 'classified'; messages: ClassificationMessage[]; elapsedMs: number }
  | { type: 'live-started'; topics: string[] }
  | { type: 'live-prediction'; prediction: StreamingPrediction; latencyMs: number }
  | { type: 'live-ended' }
  | { type: 'error'; message: string };
