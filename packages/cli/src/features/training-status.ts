import type { DistortionTrainingProgress } from '@tsc/ast-model';

/**
 * The progress status of `tscls train` and the demo while `trainDistortionModel` trains: the model in training (for
 * an ensemble), the step's loss and the last validation macro-F1 of that model, e.g.
 * `model 2/3: loss 0.412 val macro-F1 0.968`. Returns a function to call with every step's progress; it keeps the
 * last evaluation between steps.
 */
export function trainingStatus(): (progress: DistortionTrainingProgress) => string {
  let lastEvaluation = '';
  return ({ step, loss, evaluation, member, members }) => {
    if (step === 1) lastEvaluation = '';
    if (evaluation !== undefined) lastEvaluation = ` val macro-F1 ${evaluation.macroF1.toFixed(3)}`;
    return `${members === 1 ? '' : `model ${member + 1}/${members}: `}loss ${loss.toFixed(3)}${lastEvaluation}`;
  };
}
