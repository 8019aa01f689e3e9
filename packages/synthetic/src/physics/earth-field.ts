import geomagnetism from 'geomagnetism';
import { PlanValidationError } from '../plan/validate-plan.js';

/** Options of {@link earthField}. */
export interface EarthFieldOptions {
  /** Geodetic latitude (degrees). */
  latitudeDeg: number;
  /** Longitude (degrees). */
  longitudeDeg: number;
  /** Height above the WGS84 ellipsoid (m). Defaults to 0. */
  heightM?: number;
  /** The date the model is evaluated at (ISO 8601 string or Date). Defaults to `2025-01-01`. */
  date?: string | Date;
}

/** The Earth's main field at a place and date, by the World Magnetic Model. */
export interface EarthField {
  /** Field in the local East-North-Up frame (µT), `[east, north, up]`. */
  readonly enuMicroTesla: readonly [number, number, number];
  /** Total intensity F (µT). */
  readonly totalMicroTesla: number;
  /** Inclination (dip) angle, positive downwards (degrees). */
  readonly inclinationDeg: number;
  /** Declination, positive east of true north (degrees). */
  readonly declinationDeg: number;
  /** The model used, e.g. `WMM-2025`. */
  readonly modelName: string;
}

/** The date used when a plan gives none: inside WMM2025's validity (2024-11-13 to 2029-11-13). */
export const DEFAULT_FIELD_DATE = '2025-01-01';

/**
 * Evaluates the World Magnetic Model (WMM2025 for dates from 2024-11-13 on; older models for earlier dates) through
 * the `geomagnetism` package, and returns the field in µT in the East-North-Up frame the generator uses.
 *
 * @throws {@link PlanValidationError} (path `initialization.date`) when the date is outside every model's validity.
 */
export function earthField({
  latitudeDeg,
  longitudeDeg,
  heightM = 0,
  date = DEFAULT_FIELD_DATE,
}: EarthFieldOptions): EarthField {
  const when = typeof date === 'string' ? new Date(date) : date;
  let model: ReturnType<typeof geomagnetism.model>;
  try {
    model = geomagnetism.model(when);
  } catch (cause) {
    throw new PlanValidationError(
      'initialization.date',
      `a date inside the World Magnetic Model's validity (${(cause as Error).message})`,
      typeof date === 'string' ? date : date.toISOString(),
      { cause },
    );
  }
  const point = model.point([latitudeDeg, longitudeDeg, heightM / 1000]);
  return {
    enuMicroTesla: [point.y / 1000, point.x / 1000, -point.z / 1000],
    totalMicroTesla: point.f / 1000,
    inclinationDeg: point.incl,
    declinationDeg: point.decl,
    modelName: model.name,
  };
}
