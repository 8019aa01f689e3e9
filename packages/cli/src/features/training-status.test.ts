import type { ClassificationMetrics, DistortionTrainingProgress } from '@tsc/ast-model';
import { expect, it } from 'vitest';
import { trainingStatus } from './training-status.js';

const at = (step: number, member: number, members: number, macroF1?: number): DistortionTrainingProgress => ({
  step,
  totalSteps: 10,
  epoch: 0,
  loss: 0.5,
  learningRate: 1e-3,
  gradientNorm: 1,
  member,
  members,
  ...(macroF1 === undefined ? {} : { evaluation: { macroF1 } as ClassificationMetrics }),
});

it('names the model of an ensemble and keeps its last validation figure until the next model starts', () => {
  const status = trainingStatus();
  expect(status(at(1, 0, 3))).toBe('model 1/3: loss 0.500');
  expect(status(at(2, 0, 3, 0.9684))).toBe('model 1/3: loss 0.500 val macro-F1 0.968');
  expect(status(at(3, 0, 3))).toBe('model 1/3: loss 0.500 val macro-F1 0.968');
  expect(status(at(1, 1, 3))).toBe('model 2/3: loss 0.500');
  expect(trainingStatus()(at(4, 0, 1, 0.5))).toBe('loss 0.500 val macro-F1 0.500');
});
