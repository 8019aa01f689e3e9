import type { DatasetManifest } from '@tsc/synthetic/node';
import type { ReportFact } from '../report/report-data.js';

/** Sample-rate bands of the summary (Hz, lower bound included). */
const RATE_BANDS: readonly [number, number][] = [
  [0, 75],
  [75, 150],
  [150, 250],
  [250, 1000],
];

/**
 * What a generated dataset covered, for the report: places and their Earth fields, sensors, sample rates, motions,
 * disturbances and the labelled time per level, read from its manifest.
 */
export function trainingDataFacts(manifest: Pick<DatasetManifest, 'recordings' | 'levelSeconds'>): ReportFact[] {
  const entries = manifest.recordings;
  const range = (values: number[], digits: number, unit: string) =>
    `${Math.min(...values).toFixed(digits)} to ${Math.max(...values).toFixed(digits)} ${unit}`;
  const tally = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const list = (values: string[]) =>
    tally(values)
      .map(([value, count]) => `${value} (${count})`)
      .join(', ');
  const { none, low, high } = manifest.levelSeconds;
  const rates = entries.map((e) => e.sampleRateHz);
  return [
    {
      name: 'places',
      value: `${entries.length} recordings at latitudes ${range(
        entries.map((e) => e.latitudeDeg),
        0,
        '°',
      )}, Earth field ${range(
        entries.map((e) => e.fieldTotalMicroTesla),
        1,
        'µT',
      )}, dip ${range(
        entries.map((e) => e.dipDeg),
        0,
        '°',
      )} (World Magnetic Model)`,
    },
    {
      name: 'sensors',
      value: `magnetometers ${list(entries.map((e) => e.sensors.mag))}; IMUs ${list(entries.map((e) => e.sensors.gyro))}`,
    },
    {
      name: 'sample rates',
      value: `${range(rates, 0, 'Hz')}: ${RATE_BANDS.map(([low, high]) => `${low}–${high} Hz ${rates.filter((r) => r >= low && r < high).length}`).join(', ')} recordings; timestamp jitter up to ${(1e3 * Math.max(...entries.map((e) => e.timestampJitterSec))).toFixed(1)} ms`,
    },
    { name: 'motions', value: list(entries.flatMap((e) => e.motions)) },
    { name: 'disturbances', value: list(entries.flatMap((e) => e.distortionKinds)) },
    {
      name: 'labelled time',
      value: `none ${(none / 60).toFixed(0)} min, low ${(low / 60).toFixed(0)} min, high ${(high / 60).toFixed(0)} min`,
    },
  ];
}
