/** One detector's headline figures on one data set: what {@link modelVerdicts} compares. */
export interface VerdictRow {
  /** `model` or a physics rule's name. */
  readonly detector: string;
  /** What it was measured on. */
  readonly dataset: string;
  /** 3-class macro-F1. */
  readonly macroF1: number;
  /** Disturbed-vs-none balanced accuracy. */
  readonly balancedAccuracy: number;
}

/** `ahead of` / `behind` (with the margin) / `level with`, as the two figures read to three decimals. */
function standing(model: number, rule: number): string {
  const thousandths = Math.round(model * 1000) - Math.round(rule * 1000);
  if (thousandths === 0) return 'level with';
  return `${thousandths > 0 ? 'ahead of' : 'behind'} (by ${(Math.abs(thousandths) / 1000).toFixed(3)})`;
}

/** The model against the best rule of one figure, e.g. `balanced accuracy 0.971, behind (by 0.012) deviation-bound's 0.983`. */
function figureVerdict(
  model: VerdictRow,
  rules: readonly VerdictRow[],
  figure: 'macroF1' | 'balancedAccuracy',
): string {
  const best = rules.reduce((top, row) => (row[figure] > top[figure] ? row : top));
  const name = figure === 'macroF1' ? 'macro-F1' : 'balanced accuracy';
  return `${name} ${model[figure].toFixed(3)}, ${standing(model[figure], best[figure])} ${best.detector}'s ${best[figure].toFixed(3)}`;
}

/**
 * One line per data set saying whether the model beats the best physics rule there, by balanced accuracy and by
 * macro-F1 (the rows of the rule with the best figure, ties to the first), e.g. `synthetic held-out: balanced accuracy
 * 0.971, behind (by 0.012) deviation-bound's 0.983; macro-F1 …`. Data sets without a `model` row or without rules are
 * left out.
 */
export function modelVerdicts(rows: readonly VerdictRow[]): string[] {
  const datasets = [...new Set(rows.map((row) => row.dataset))];
  return datasets.flatMap((dataset) => {
    const here = rows.filter((row) => row.dataset === dataset);
    const model = here.find((row) => row.detector === 'model');
    const rules = here.filter((row) => row.detector !== 'model');
    if (model === undefined || rules.length === 0) return [];
    const figures = [figureVerdict(model, rules, 'balancedAccuracy'), figureVerdict(model, rules, 'macroF1')];
    return [`${dataset}: ${figures.join('; ')}`];
  });
}
