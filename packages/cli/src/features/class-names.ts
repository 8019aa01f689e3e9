import { LEVEL_LABELS } from '@tsc/synthetic';

const LEVEL_BY_LABEL: ReadonlyMap<string, string> = new Map(
  Object.entries(LEVEL_LABELS).map(([level, label]) => [label, level]),
);

/**
 * Names to show for class labels: the distortion labels `"0"`, `"1"`, `"2"` (as the reference stores them) read as
 * `none`, `low`, `high`; other labels are shown as they are.
 */
export function displayClassNames(labelNames: readonly string[]): string[] {
  return labelNames.map((label) => LEVEL_BY_LABEL.get(label) ?? label);
}
