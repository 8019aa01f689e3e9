/**
 * The median step between consecutive timestamps (ns; 0 with fewer than two). With `sampledSteps`, at most about that
 * many steps are looked at, every `⌊length / sampledSteps⌋`-th one, so a long recording's median costs no full sort.
 *
 * @param timestampsNs - Increasing times (ns): a `BigInt64Array` or a list of `bigint`.
 * @param sampledSteps - How many steps to look at, at most about. Defaults to every step.
 */
export function medianStepNs(timestampsNs: ArrayLike<bigint>, sampledSteps = Number.POSITIVE_INFINITY): number {
  const stride = Math.max(1, Math.floor(timestampsNs.length / sampledSteps));
  const steps = new Float64Array(Math.max(0, Math.floor((timestampsNs.length - 1) / stride)));
  for (let i = stride, k = 0; i < timestampsNs.length; i += stride, k++) {
    steps[k] = Number(timestampsNs[i]! - timestampsNs[i - 1]!);
  }
  steps.sort();
  return steps[steps.length >> 1] ?? 0;
}

/** Whether two time arrays hold the same times (the same array, or equal element by element). */
export function sameTimes(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
