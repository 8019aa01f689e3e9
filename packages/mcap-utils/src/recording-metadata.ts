import type { RecordingMetadata, SensorCalibration } from './imu-recording.js';

/** Name of the MCAP Metadata record holding units, calibration and sample rate. */
export const RECORDING_METADATA_NAME = 'tsc.recording';
/** Name of the MCAP Metadata record holding {@link RecordingMetadata.extra}. */
export const EXTRA_METADATA_NAME = 'tsc.extra';

/** The Metadata records (name → string map) that store a recording's metadata. */
export function metadataToRecords(metadata: RecordingMetadata): [string, Record<string, string>][] {
  const records: [string, Record<string, string>][] = [];
  const main: Record<string, string> = {};
  if (metadata.units !== undefined) main.units = JSON.stringify(metadata.units);
  if (metadata.calibration !== undefined) main.calibration = JSON.stringify(metadata.calibration);
  if (metadata.sampleRateHz !== undefined) main.sampleRateHz = String(metadata.sampleRateHz);
  if (Object.keys(main).length > 0) records.push([RECORDING_METADATA_NAME, main]);
  if (metadata.extra !== undefined && Object.keys(metadata.extra).length > 0)
    records.push([EXTRA_METADATA_NAME, { ...metadata.extra }]);
  return records;
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isCalibration(value: unknown): value is SensorCalibration {
  const c = value as SensorCalibration;
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray(c.bias) &&
    c.bias.length === 3 &&
    c.bias.every((x) => typeof x === 'number') &&
    Array.isArray(c.matrix) &&
    c.matrix.length === 9 &&
    c.matrix.every((x) => typeof x === 'number')
  );
}

/**
 * Rebuilds {@link RecordingMetadata} from the Metadata records of a file. Other metadata records
 * (written by other tools) are merged into `extra` as `<record name>.<key>`.
 */
export function metadataFromRecords(records: ReadonlyMap<string, ReadonlyMap<string, string>>): RecordingMetadata {
  const result: {
    units?: Record<string, string>;
    calibration?: Record<string, SensorCalibration>;
    sampleRateHz?: number;
    extra?: Record<string, string>;
  } = {};
  const extra: Record<string, string> = {};
  for (const [name, map] of records) {
    if (name === RECORDING_METADATA_NAME) {
      const units = parseJsonObject(map.get('units'));
      if (units !== undefined) {
        result.units = Object.fromEntries(Object.entries(units).filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >;
      }
      const calibration = parseJsonObject(map.get('calibration'));
      if (calibration !== undefined) {
        result.calibration = Object.fromEntries(
          Object.entries(calibration).filter(([, v]) => isCalibration(v)),
        ) as Record<string, SensorCalibration>;
      }
      const rate = Number(map.get('sampleRateHz'));
      if (map.has('sampleRateHz') && Number.isFinite(rate)) result.sampleRateHz = rate;
    } else if (name === EXTRA_METADATA_NAME) {
      for (const [key, value] of map) extra[key] = value;
    } else {
      for (const [key, value] of map) extra[`${name}.${key}`] = value;
    }
  }
  if (Object.keys(extra).length > 0) result.extra = extra;
  return result;
}
