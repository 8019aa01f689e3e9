import { describe, expect, it } from 'vitest';
import { generateRecording } from '../generation/generate-recording.js';
import { earthField } from '../physics/earth-field.js';
import { validatePlan } from '../plan/validate-plan.js';
import { createDatasetPlan } from './dataset-plan.js';
import { IMU_MODELS, MAGNETOMETER_MODELS } from './sensor-models.js';
import { WORLDWIDE_DISTORTION_KINDS } from './worldwide-dataset-plan.js';
import { WORLDWIDE_MOTIONS } from './worldwide-motions.js';

const plans = Array.from({ length: 80 }, (_, seed) => createDatasetPlan({ seed }));

describe('createDatasetPlan (worldwide, the default)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(createDatasetPlan({ seed: 5 })).toEqual(plans[5]);
    expect(plans[6]).not.toEqual(plans[5]);
    for (const plan of plans) expect(validatePlan(plan)).toBe(plan);
  });

  it('spans the worldwide field: totals from under 30 to over 60 µT, dips from the magnetic equator to over 70°', () => {
    const fields = plans.map(({ initialization: { pose, date } }) =>
      earthField({ latitudeDeg: pose.origin.lat, longitudeDeg: pose.origin.lng, heightM: pose.origin.height, date }),
    );
    const totals = fields.map((field) => field.totalMicroTesla);
    const dips = fields.map((field) => Math.abs(field.inclinationDeg));
    expect(Math.min(...totals)).toBeLessThan(30);
    expect(Math.max(...totals)).toBeGreaterThan(60);
    expect(Math.min(...dips)).toBeLessThan(15);
    expect(Math.max(...dips)).toBeGreaterThan(70);
    const dates = plans.map((plan) => plan.initialization.date!);
    expect(dates.every((date) => date >= '2024-11-13' && date < '2029-11-13')).toBe(true);
  });

  it('draws every sensor part, rates of 50–400 Hz with jitter, every motion and every distortion kind', () => {
    const names = (sensor: 'mag' | 'acc') => new Set(plans.map((plan) => plan.initialization[sensor].model));
    expect(names('mag')).toEqual(new Set(MAGNETOMETER_MODELS.map((model) => model.name)));
    expect(names('acc')).toEqual(new Set(IMU_MODELS.map((model) => model.name)));
    const rates = plans.map((plan) => plan.initialization.sample_rate);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...rates)).toBeLessThanOrEqual(400);
    expect(rates.some((rate) => !Number.isInteger(rate))).toBe(true);
    const jitters = plans.map((plan) => plan.initialization.timestamp_jitter_s!);
    expect(jitters.filter((jitter) => jitter === 0).length).toBeGreaterThan(10);
    expect(jitters.filter((jitter) => jitter > 0).length).toBeGreaterThan(40);
    const segments = plans.flatMap((plan) => plan.segments);
    expect(new Set(segments.map((segment) => segment.name.replace(/_\d+$/, '')))).toEqual(new Set(WORLDWIDE_MOTIONS));
    const kinds = segments.flatMap((segment) => (segment.mag_distortion?.kind ? [segment.mag_distortion.kind] : []));
    expect(new Set(kinds)).toEqual(new Set(WORLDWIDE_DISTORTION_KINDS));
    const envelopes = new Set(segments.map((segment) => segment.mag_distortion?.envelope ?? 'step'));
    expect(envelopes).toEqual(new Set(['step', 'approach', 'departure']));
  });

  it('mixes clean and disturbed segments: at least half of every recording is planned clean', () => {
    for (const plan of plans) {
      const clean = plan.segments
        .filter((segment) => segment.mag_distortion?.level === 'none')
        .reduce((sum, segment) => sum + segment.duration_s, 0);
      expect(clean / 60).toBeGreaterThanOrEqual(0.5 - 1e-9);
      expect(clean / 60).toBeLessThan(1);
      const total = plan.segments.reduce((sum, segment) => sum + segment.duration_s, 0);
      expect(total).toBeCloseTo(60, 9);
    }
  });

  it('generates recordings whose labels are mostly clean and whose disturbed levels follow the plan', () => {
    for (const seed of [1, 2, 3]) {
      const plan = createDatasetPlan({ seed, durationSec: 30 });
      const { labels, warnings } = generateRecording(plan);
      expect(warnings).toEqual([]);
      const seconds = new Map<string, number>();
      for (const event of labels.events) {
        const length = event.endTime.sec + event.endTime.nsec / 1e9 - event.startTime.sec - event.startTime.nsec / 1e9;
        const level = event.metadata.mag_distortion!;
        seconds.set(level, (seconds.get(level) ?? 0) + length);
      }
      expect(seconds.get('0')! / 30).toBeGreaterThanOrEqual(0.5);
      const planned = new Set(plan.segments.map((segment) => segment.mag_distortion?.level));
      for (const level of ['1', '2']) {
        if (seconds.has(level)) expect(planned.has(level === '1' ? 'low' : 'high')).toBe(true);
      }
    }
  });

  it('keeps the fixed single-place recording of earlier versions when given level, kind and motion', () => {
    const plan = createDatasetPlan({ level: 'low', kind: 'dipole', motion: 'carry', seed: 3, durationSec: 20 });
    expect(plan.initialization.pose.origin.lat).toBe(38.446421508551126);
    expect(plan.initialization.sample_rate).toBe(100);
    expect(plan.initialization.mag.calibration_error).toBeUndefined();
    expect(plan.segments.map((segment) => segment.mag_distortion?.level)).toEqual(['low', 'low']);
  });
});
