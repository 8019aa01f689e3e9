// A phone sensor log in the reference's format, for tests.

export const t0 = 1_699_430_743_000_000; // µs since the epoch (2023-11-08)

/** A small phone sensor log in the reference's format (100 Hz mag in µT and accel in g, START/STOP). */
export function samplePhoneLog(): string {
  const data: unknown[] = [{ ts: t0, type: 'TIMESTAMP_FULL', values: [] }, { ts: t0 + 5, type: 'START' }];
  for (let i = 0; i < 50; i++) {
    const ts = t0 + 10 + i * 10_000; // 100 Hz
    data.push({ ts, type: 'MAG_AUTOCAL', values: [20.5 + i, -3.25, 41.125] });
    data.push({ ts: ts + 3, type: 'ACCEL_AUTOCAL', values: [0.01, 0.02, 1.0003] });
    if (i % 10 === 0) data.push({ ts: ts + 5, type: 'TEMPERATURE', values: [24.5] });
  }
  data.push({ ts: t0 + 10 + 49 * 10_000 - 1, type: 'GYRO_AUTOCAL', values: [0.1, 0.2, 0.3] });
  data.push({ ts: t0 + 500_005, type: 'STOP' });
  return JSON.stringify({ firmware: '1.2', serialNumber: 'SN1', deviceModel: 'Pixel', data });
}

