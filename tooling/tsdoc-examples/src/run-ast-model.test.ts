import { expect } from 'vitest';
import { describeExamples, prints } from './run-examples.js';

const labels = ['0', '1', '2'];

describeExamples('ast-model', {
  'ast-model/features/feature-settings.ts:parseFeatureSettings': prints([
    { windowSec: 2, hopSec: 1, spectrogram: {}, reference: 'fixed', contextSec: 0 },
  ]),
  'ast-model/pipeline/train-distortion-model.ts:trainDistortionModel': prints([[1, 2, 3], 3]),
  'ast-model/inference/ensemble-classifier.ts:ensembleClassifier': prints([2]),
  'ast-model/model/layers/ensemble-average.ts:AstEnsembleAverage': prints([['0.625', '0.375']]),
  'ast-model/inference/ast-classifier.ts:AstClassifier': ([line, ...rest]) => {
    const { label, probabilities } = line![0] as { label: string; probabilities: number[] };
    expect(labels).toContain(label);
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    expect(rest).toEqual([]);
  },
  'ast-model/model/ast-config.ts:astConfig': prints([192]),
  'ast-model/inference/classify-recording.ts:classifyRecording': ([first, second]) => {
    const [message, metadata] = [first?.[0], second?.[0]];
    const { windowStartNs, windowEndNs, label } = message as {
      windowStartNs: bigint;
      windowEndNs: bigint;
      label: string;
    };
    expect(windowEndNs - windowStartNs).toBe(2_000_000_000n);
    expect(labels).toContain(label);
    expect(labels).toContain((metadata as { mag_distortion: string }).mag_distortion);
  },
  'ast-model/model/create-ast-model.ts:createAstModel': prints([[1, 3]]),
  'ast-model/inference/classify-recording-blocks.ts:classifyRecordingBlocks': prints([18]),
  'ast-model/node/classify-recording-file.ts:classifyRecordingFile': prints([18, true]),
  'ast-model/training/training-flops.ts:astStepFlops': prints(['42.1']),
  'ast-model/training/training-step.ts:trainingStep': prints([true, 1]),
  'ast-model/errors.ts:ModelOutputError': prints(['window 0: NaN,NaN,NaN']),
  'ast-model/model/layers/classification-head.ts:AstClassificationHead': prints([[2, 3]]),
  'ast-model/model/layers/encoder-block.ts:AstEncoderBlock': prints([[2, 10, 64]]),
  'ast-model/model/layers/patch-embedding.ts:AstPatchEmbedding': prints([[2, 8, 64]]),
  'ast-model/model/layers/token-embedding.ts:AstTokenEmbedding': prints([[2, 10, 64]]),
  'ast-model/model/layers/token-pooling.ts:AstTokenPooling': prints([[2, 64]]),
  'ast-model/node/hugging-face-checkpoint.ts:loadHuggingFaceCheckpoint': prints([['none', 'low', 'high'], 128]),
  'ast-model/inference/streaming-classifier.ts:StreamingClassifier': ([topics, ...predictions]) => {
    expect(topics).toEqual([['mag_raw', 'acc_raw', 'gyro_raw']]);
    expect(predictions.length).toBeGreaterThan(10);
  },
});
