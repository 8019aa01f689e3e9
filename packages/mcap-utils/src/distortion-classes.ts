/**
 * The vocabulary of magnetic distortion, as the files store it: the label key of label events and classification
 * messages, the three levels, their label values and class ids. Every package reads it from here (synthetic writes
 * the labels, ast-model trains on them and names its classes with them), so a level, its label value and the name
 * shown to people are one row of one table.
 */

/** The metadata key of the distortion label in label events (`.labels.json`) and merged predictions. */
export const DISTORTION_LABEL_KEY = 'mag_distortion';

/** A distortion level: no distortion, low (15–30 % of the field) or high (60–100 %). */
export type DistortionLevel = 'none' | 'low' | 'high';

/** A label value as the reference stores it in `metadata.mag_distortion`: `'0'`, `'1'` or `'2'`. */
export type DistortionLabel = '0' | '1' | '2';

/** One row of {@link DISTORTION_CLASSES}. */
export interface DistortionClass {
  /** The class id a model gives it (its index in {@link DISTORTION_CLASSES}). */
  readonly classId: number;
  /** The level, also the class name shown to people. */
  readonly level: DistortionLevel;
  /** The label value in labels files and a model's `labelNames`. */
  readonly label: DistortionLabel;
}

/** The distortion classes in class-id order: `none` ↔ `'0'` ↔ 0, `low` ↔ `'1'` ↔ 1, `high` ↔ `'2'` ↔ 2. */
export const DISTORTION_CLASSES: readonly DistortionClass[] = Object.freeze([
  Object.freeze({ classId: 0, level: 'none', label: '0' }),
  Object.freeze({ classId: 1, level: 'low', label: '1' }),
  Object.freeze({ classId: 2, level: 'high', label: '2' }),
] as const);

/** The levels in class-id order: `['none', 'low', 'high']`. */
export const DISTORTION_LEVELS: readonly DistortionLevel[] = Object.freeze(DISTORTION_CLASSES.map((row) => row.level));

/** The label values in class-id order (a distortion model's `labelNames`): `['0', '1', '2']`. */
export const DISTORTION_LABELS: readonly DistortionLabel[] = Object.freeze(DISTORTION_CLASSES.map((row) => row.label));

/** The label value of each level: `{ none: '0', low: '1', high: '2' }`. */
export const LEVEL_LABELS: Readonly<Record<DistortionLevel, DistortionLabel>> = Object.freeze(
  Object.fromEntries(DISTORTION_CLASSES.map((row) => [row.level, row.label])) as Record<
    DistortionLevel,
    DistortionLabel
  >,
);

/** The level of a label value (`'2'` → `high`), or `undefined` for a value that is not a distortion label. */
export function distortionLevelOf(label: unknown): DistortionLevel | undefined {
  return DISTORTION_CLASSES.find((row) => row.label === label)?.level;
}

/**
 * The names to show for class labels: distortion labels `'0'`, `'1'`, `'2'` read as `none`, `low`, `high`; any
 * other label (a model trained on other classes) is shown as it is.
 *
 * @example
 * ```ts
 * import { distortionClassNames } from '@tsc/mcap-utils';
 *
 * console.log(distortionClassNames(['0', '1', '2'])); // ['none', 'low', 'high']
 * ```
 */
export function distortionClassNames(labelNames: readonly string[]): string[] {
  return labelNames.map((label) => distortionLevelOf(label) ?? label);
}
