import type { TopicSeries } from './imu-recording.js';

/** Standard gravity in m/s² per g: `ACCEL_AUTOCAL` values logged in g are multiplied by it. */
export const STANDARD_GRAVITY_MS2 = 9.80665;

/** The unit a phone log's `ACCEL_AUTOCAL` records are in: `g` (the reference's logs) or `m/s^2`. */
export type PhoneLogAccelerometerUnit = 'g' | 'm/s^2';

/** The phone-log record types whose magnitude is checked against their declared unit. */
export type PhoneLogCheckedRecordType = 'ACCEL_AUTOCAL' | 'MAG_AUTOCAL';

/**
 * A phone-log sensor whose median magnitude over the whole log does not fit the unit it is declared
 * in: e.g. a median |a| of 9.8 in a log read as g (it is likely in m/s²), or a median |m| of 440 in a
 * log read as µT (likely mG). The conversion still happens, as declared; the warning says what to check.
 *
 * @example
 * ```ts
 * import { convertPhoneLogText } from '@tsc/mcap-utils';
 *
 * // a log whose accelerometer is in m/s² although phone logs declare g
 * const text = JSON.stringify({
 *   data: [
 *     { ts: 1000, type: 'ACCEL_AUTOCAL', values: [0, 0, 9.81] },
 *     { ts: 11000, type: 'ACCEL_AUTOCAL', values: [0, 0.1, 9.8] },
 *   ],
 * });
 * const { warnings } = convertPhoneLogText(text, { fileName: 'Sensor_Log_1.json' });
 * for (const warning of warnings) console.warn(warning.message);
 * // Sensor_Log_1.json: ACCEL_AUTOCAL: median |a| 9.81 g does not fit gravity in g (expected 0.75 to 1.25 g); it fits m/s^2
 * ```
 */
export interface PhoneLogUnitWarning {
  /** The kind of warning. */
  readonly kind: 'unit-mismatch';
  /** The log's file name, as given to the conversion. */
  readonly file: string;
  /** The record type checked. */
  readonly recordType: PhoneLogCheckedRecordType;
  /** The topic it becomes (`acc_raw`, `mag_raw`). */
  readonly topic: string;
  /** What the median magnitude measures: gravity for the accelerometer, the Earth's field for the magnetometer. */
  readonly quantity: 'gravity' | 'magnetic field';
  /** The unit the log is declared (read) in: `g` or `m/s^2` for the accelerometer, `uT` for the magnetometer. */
  readonly declaredUnit: string;
  /** The median of the vector magnitude over every record of the type, in `declaredUnit` (as logged). */
  readonly medianMagnitude: number;
  /** The smallest plausible median magnitude, in `declaredUnit`. */
  readonly expectedMinimum: number;
  /** The largest plausible median magnitude, in `declaredUnit`. */
  readonly expectedMaximum: number;
  /** Another unit in which the median would fit, when there is one (e.g. `m/s^2`, `mG`, `nT`). */
  readonly likelyUnit?: string;
  /** One line naming the file, the record type, the median found and the range expected. */
  readonly message: string;
}

interface MagnitudeCheck {
  readonly topic: string;
  readonly quantity: PhoneLogUnitWarning['quantity'];
  readonly symbol: string;
  /** Plausible range of the median magnitude in the base unit (the first of `unitsPerBase`). */
  readonly range: readonly [number, number];
  /** How many of each unit make one base unit. */
  readonly unitsPerBase: Readonly<Record<string, number>>;
}

/**
 * Gravity: the median |a| of a hand-held or resting log is 1 g within a quarter (motion and calibration
 * error move it little). Field: the Earth's field is 22–67 µT at the surface; 15–80 µT leaves room
 * for buildings, calibration error and a magnet near the sensor part of the time.
 */
const CHECKS: Readonly<Record<PhoneLogCheckedRecordType, MagnitudeCheck>> = {
  ACCEL_AUTOCAL: {
    topic: 'acc_raw',
    quantity: 'gravity',
    symbol: '|a|',
    range: [0.75, 1.25],
    unitsPerBase: { g: 1, 'm/s^2': STANDARD_GRAVITY_MS2 },
  },
  MAG_AUTOCAL: {
    topic: 'mag_raw',
    quantity: 'magnetic field',
    symbol: '|m|',
    range: [15, 80],
    unitsPerBase: { uT: 1, nT: 1000, mG: 10, G: 0.01 },
  },
};

/** The unit each phone-log record type is declared in: accelerometer as chosen, field µT, gyroscope rad/s. */
export function phoneLogDeclaredUnits(
  accelerometerUnit: PhoneLogAccelerometerUnit,
): Readonly<Record<PhoneLogCheckedRecordType | 'GYRO_AUTOCAL', string>> {
  return { ACCEL_AUTOCAL: accelerometerUnit, MAG_AUTOCAL: 'uT', GYRO_AUTOCAL: 'rad/s' };
}

/** The median of the magnitudes of the width-3 vectors in `values` (NaN when there are none). */
export function medianMagnitude(values: Float64Array, width: number): number {
  const count = Math.floor(values.length / width);
  const magnitudes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const x = values[i * width]!;
    const y = values[i * width + 1]!;
    const z = values[i * width + 2]!;
    magnitudes[i] = Math.sqrt(x * x + y * y + z * z);
  }
  if (count === 0) return Number.NaN;
  magnitudes.sort();
  const middle = count >> 1;
  return count % 2 === 1 ? magnitudes[middle]! : (magnitudes[middle - 1]! + magnitudes[middle]!) / 2;
}

/** Options of {@link checkPhoneLogMagnitude}. */
export interface PhoneLogMagnitudeCheckOptions {
  /** The log's file name (named in the warning). */
  file: string;
  /** The record type the series holds. */
  recordType: PhoneLogCheckedRecordType;
  /** The unit the values are in, as logged (`g`, `m/s^2`, `uT`). */
  declaredUnit: string;
}

/**
 * Checks the median magnitude of one record type's series (values as logged, in `declaredUnit`)
 * against gravity or the Earth's field, and returns a warning when it does not fit, else `undefined`.
 * Series narrower than 3 values or without samples are not checked.
 */
export function checkPhoneLogMagnitude(
  { values, width }: Pick<TopicSeries, 'values' | 'width'>,
  { file, recordType, declaredUnit }: PhoneLogMagnitudeCheckOptions,
): PhoneLogUnitWarning | undefined {
  const check = CHECKS[recordType];
  const perBase = check.unitsPerBase[declaredUnit];
  if (perBase === undefined || width < 3 || values.length < width) return undefined;
  const median = medianMagnitude(values, width);
  const [minimum, maximum] = check.range.map((x) => x * perBase) as [number, number];
  if (median >= minimum && median <= maximum) return undefined;
  const likelyUnit = Object.entries(check.unitsPerBase).find(([unit, factor]) => {
    const inBase = median / factor;
    return unit !== declaredUnit && inBase >= check.range[0] && inBase <= check.range[1];
  })?.[0];
  const message =
    `${file}: ${recordType}: median ${check.symbol} ${formatMagnitude(median)} ${declaredUnit} does not fit ` +
    `${check.quantity} in ${declaredUnit} (expected ${formatMagnitude(minimum)} to ${formatMagnitude(maximum)} ${declaredUnit})` +
    (likelyUnit === undefined ? '' : `; it fits ${likelyUnit}`);
  return {
    kind: 'unit-mismatch',
    file,
    recordType,
    topic: check.topic,
    quantity: check.quantity,
    declaredUnit,
    medianMagnitude: median,
    expectedMinimum: minimum,
    expectedMaximum: maximum,
    ...(likelyUnit === undefined ? {} : { likelyUnit }),
    message,
  };
}

function formatMagnitude(x: number): string {
  return Number(x.toPrecision(3)).toString();
}
