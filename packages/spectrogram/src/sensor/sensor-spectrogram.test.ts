import { describe, expect, it } from 'vitest';
import { EARTH_FIELD_ENU, syntheticWindow } from '../__fixtures__/synthetic-window.js';
import { SpectrogramOptionsError } from '../errors.js';
import {
  DEFAULT_CHANNEL_SCALES,
  derivedChannelSeries,
  resolveSensorSpectrogramOptions,
  type SensorSpectrogram,
  sensorSpectrogram,
  sensorSpectrogramShape,
} from './sensor-spectrogram.js';

/** The values of one channel's bin over all frames. */
function column(image: SensorSpectrogram, channel: string, bin: number): Float32Array {
  const c = image.channels.indexOf(channel);
  expect(c).toBeGreaterThanOrEqual(0);
  const [frames, width] = image.shape;
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) out[t] = image.data[t * width + c * image.binsPerChannel + bin]!;
  return out;
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

function scaled(value: number, floor: number, max: number): number {
  return Math.log1p((value / floor) ** 2) / Math.log(max / floor) - 1;
}

describe('sensorSpectrogram', () => {
  it('stacks 11 channels of 32 bins for a 3 s window at 100 Hz', () => {
    const image = sensorSpectrogram(syntheticWindow());
    expect(image.shape).toEqual([30, 352]);
    expect(image.channels).toEqual([
      'mag.x',
      'mag.y',
      'mag.z',
      'acc.x',
      'acc.y',
      'acc.z',
      'gyro.x',
      'gyro.y',
      'gyro.z',
      'mag.norm',
      'mag.dip',
    ]);
    expect(image).toMatchObject({ binsPerChannel: 32, frameLength: 64, hopLength: 8, fftLength: 64, binHz: 100 / 64 });
    expect(image.data.length).toBe(30 * 352);
    expect(image.data.every(Number.isFinite)).toBe(true);
    expect(sensorSpectrogramShape({}, 300)).toEqual({ ...image, data: undefined, shape: [30, 352] } as never);
  });

  it('scales frame and hop with the rate and keeps at least 32 bins', () => {
    expect(sensorSpectrogramShape({ sampleRateHz: 200 }, 600)).toMatchObject({
      frameLength: 128,
      hopLength: 16,
      fftLength: 128,
      binsPerChannel: 64,
      shape: [30, 11 * 64],
    });
    expect(sensorSpectrogramShape({ sampleRateHz: 30 }, 90)).toMatchObject({
      frameLength: 19,
      hopLength: 2,
      fftLength: 64,
      binsPerChannel: 32,
      shape: [36, 352],
    });
    const image = sensorSpectrogram(syntheticWindow({ sampleRateHz: 30 }), { sampleRateHz: 30 });
    expect(image.shape).toEqual([36, 352]);
  });

  it('keeps the DC bin: a constant level maps through the fixed scale of its kind', () => {
    const n = 200;
    const mag = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) mag[3 * i] = 30;
    const image = sensorSpectrogram({ sampleRateHz: 100, mag }, { sensors: ['mag'], derived: ['magNorm'] });
    const { floor, max } = DEFAULT_CHANNEL_SCALES.magneticField;
    for (const v of column(image, 'mag.x', 0)) expect(v).toBeCloseTo(scaled(30, floor, max), 5);
    for (const v of column(image, 'mag.y', 0)) expect(v).toBeCloseTo(-1, 6);
    // ‖m‖ − 50 = −20 µT
    for (const v of column(image, 'mag.norm', 0)) expect(v).toBeCloseTo(scaled(20, floor, max), 5);
    // the periodic Hann window leaks a constant into bin 1 only (half amplitude), nothing beyond
    for (const v of column(image, 'mag.x', 1)) expect(v).toBeCloseTo(scaled(15, floor, max), 4);
    for (const v of column(image, 'mag.x', 5)) expect(v).toBeLessThan(-0.99);
  });

  it('puts a sine at its bin', () => {
    const n = 300;
    const gyro = new Float64Array(3 * n);
    // 12.5 Hz = bin 8 at 100 Hz with a 64-point FFT; amplitude 0.5 rad/s → A ≈ 0.25 at bin 8
    for (let i = 0; i < n; i++) gyro[3 * i + 1] = 0.5 * Math.sin((2 * Math.PI * 12.5 * i) / 100);
    const image = sensorSpectrogram({ sampleRateHz: 100, gyro }, { sensors: ['gyro'], derived: [] });
    const { floor, max } = DEFAULT_CHANNEL_SCALES.angularRate;
    const bins = Array.from({ length: 32 }, (_, k) => mean(column(image, 'gyro.y', k)));
    expect(bins.indexOf(Math.max(...bins))).toBe(8);
    expect(bins[8]).toBeCloseTo(scaled(0.25, floor, max), 3);
  });

  it('separates none / low / high field-norm disturbance in the mag.norm DC bin', () => {
    const unit = EARTH_FIELD_ENU.map((v) => v / 50);
    const levels = [0, 0.22, 0.8].map((fraction) => {
      const disturbance = unit.map((v) => v * 50 * fraction) as [number, number, number];
      const image = sensorSpectrogram(syntheticWindow({ disturbanceMicroTesla: disturbance, seed: 7 }));
      return mean(column(image, 'mag.norm', 0));
    });
    // ‖B‖ − 50 µT = 0 (noise only), 11 µT, 40 µT
    expect(levels[0]).toBeLessThan(-0.2);
    expect(levels[1]! - levels[0]!).toBeGreaterThan(0.4);
    expect(levels[2]! - levels[1]!).toBeGreaterThan(0.25);
    const { floor, max } = DEFAULT_CHANNEL_SCALES.magneticField;
    expect(levels[1]).toBeCloseTo(scaled(11, floor, max), 1);
    expect(levels[2]).toBeCloseTo(scaled(40, floor, max), 1);
  });

  it('separates none / low / high dip disturbance in the mag.dip DC bin', () => {
    // A disturbance pointing north-horizontal lowers the dip (60° → 50.3° at 22 %, → 33.7° at 80 %).
    const levels = [0, 0.22, 0.8].map((fraction) => {
      const image = sensorSpectrogram(syntheticWindow({ disturbanceMicroTesla: [0, 50 * fraction, 0], seed: 3 }));
      return mean(column(image, 'mag.dip', 0));
    });
    expect(levels[0]).toBeLessThan(0);
    expect(levels[1]! - levels[0]!).toBeGreaterThan(0.4);
    expect(levels[2]! - levels[1]!).toBeGreaterThan(0.15);
  });

  it('uses no per-window statistics: frames depend only on their own samples', () => {
    const long = syntheticWindow({ durationSec: 4, seed: 11 });
    const short = { ...long, mag: long.mag.slice(0, 900), acc: long.acc.slice(0, 900), gyro: long.gyro.slice(0, 900) };
    const a = sensorSpectrogram(short);
    const b = sensorSpectrogram(long);
    expect(b.shape[0]).toBeGreaterThan(a.shape[0]);
    expect(b.data.subarray(0, a.data.length)).toEqual(a.data);
    // a stronger field gives a higher level (a per-window normalisation would erase it)
    const doubled = { ...short, mag: short.mag.map((v) => 2 * v) };
    const c = sensorSpectrogram(doubled, { derived: [] });
    const d = sensorSpectrogram(short, { derived: [] });
    expect(mean(column(c, 'mag.z', 0)) - mean(column(d, 'mag.z', 0))).toBeCloseTo((2 * Math.LN2) / Math.log(1e4), 2);
  });

  it('frames only the window and reads its context in the derived channels: a steadier gravity for the stable dip', () => {
    // a level sensor (body = ENU) shaken north (y) at 0.73 Hz, 8 m/s², in a field of 50 µT dipping 60°: 4 s at 100 Hz
    const samples = 400;
    const mag = new Float64Array(3 * samples);
    const acc = new Float64Array(3 * samples);
    const gyro = new Float64Array(3 * samples);
    for (let i = 0; i < samples; i++) {
      mag.set(EARTH_FIELD_ENU, 3 * i);
      acc.set([0, 8 * Math.sin(2 * Math.PI * 0.73 * (i / 100) + 1), 9.81], 3 * i);
    }
    const options = { sensors: ['mag' as const], derived: ['magNormRatio' as const, 'stableDip' as const] };
    const inner = (v: Float64Array) => v.slice(300, 3 * 300);
    const alone = sensorSpectrogram(
      { sampleRateHz: 100, mag: inner(mag), acc: inner(acc), gyro: inner(gyro) },
      options,
    );
    const context = { contextBeforeSamples: 100, contextAfterSamples: 100 };
    const withContext = sensorSpectrogram({ sampleRateHz: 100, mag, acc, gyro, ...context }, options);
    expect(withContext.shape).toEqual(alone.shape);
    for (const channel of ['mag.x', 'mag.y', 'mag.z', 'mag.normRatio'])
      expect(column(withContext, channel, 0)).toEqual(column(alone, channel, 0));
    // the stable dip's DC level back in degrees: the mean linear acceleration over 2 s tilts gravity by ~7°, over 4 s by ~1°
    const { floor, max } = DEFAULT_CHANNEL_SCALES.angle;
    const degrees = (image: SensorSpectrogram) =>
      mean(
        column(image, 'mag.stableDip', 0).map((v) => floor * Math.sqrt(Math.expm1((v + 1) * Math.log(max / floor)))),
      );
    const gravityTilt = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += acc[3 * i + 1]!;
      return (Math.atan2(Math.abs(sum / (to - from)), 9.81) * 180) / Math.PI;
    };
    expect(degrees(alone)).toBeCloseTo(gravityTilt(100, 300), 0);
    expect(degrees(withContext)).toBeCloseTo(gravityTilt(0, 400), 0);
    expect(degrees(withContext)).toBeLessThan(degrees(alone) / 3);
  });

  it('gives the deviation bound the same values whether it reuses the stable dip computed before it or not', () => {
    const window = { ...syntheticWindow({ seed: 9, disturbanceMicroTesla: [8, -5, 3] }), contextBeforeSamples: 50 };
    const reference = { referenceFieldMicroTesla: 50, referenceDipDeg: 60, sensors: [] };
    const alone = sensorSpectrogram(window, { ...reference, derived: ['deviationBound'] });
    const after = sensorSpectrogram(window, { ...reference, derived: ['stableDip', 'deviationBound'] });
    for (let bin = 0; bin < alone.binsPerChannel; bin++)
      expect(column(after, 'mag.deviationBound', bin)).toEqual(column(alone, 'mag.deviationBound', bin));
  });

  it('gives a derived channel series of the window alone, computed with its context', () => {
    const whole = syntheticWindow({ seed: 9, disturbanceMicroTesla: [8, -5, 3] });
    const options = { referenceFieldMicroTesla: 50, referenceDipDeg: 60 };
    const span = derivedChannelSeries(whole, 'stableDip', options);
    const samples = span.length;
    const windowed = derivedChannelSeries(
      { ...whole, contextBeforeSamples: 40, contextAfterSamples: 30 },
      'stableDip',
      options,
    );
    expect(windowed).toEqual(span.slice(40, samples - 30));
    // without its context the window's gravity, and so its stable dip, differ
    const inner = (v: Float64Array | Float32Array) => v.slice(3 * 40, 3 * (samples - 30));
    const alone = derivedChannelSeries(
      { sampleRateHz: whole.sampleRateHz, mag: inner(whole.mag!), acc: inner(whole.acc!), gyro: inner(whole.gyro!) },
      'stableDip',
      options,
    );
    expect(alone).toHaveLength(windowed.length);
    expect(alone).not.toEqual(windowed);
    expect(() => derivedChannelSeries({ ...whole, contextBeforeSamples: samples }, 'stableDip', options)).toThrow(
      SpectrogramOptionsError,
    );
  });

  it('keeps the lowest maxBinsPerChannel bins of every channel, the same values as the full spectrum', () => {
    const window = syntheticWindow({ seed: 3, durationSec: 2, disturbanceMicroTesla: [6, 0, -4] });
    const options = {
      sensors: ['mag' as const],
      derived: ['magNormRatio' as const, 'stableDip' as const],
      referenceFieldMicroTesla: 50,
    };
    const full = sensorSpectrogram(window, options);
    for (const bins of [1, 3]) {
      const kept = sensorSpectrogram(window, { ...options, maxBinsPerChannel: bins });
      expect(kept.binsPerChannel).toBe(bins);
      expect(kept.shape).toEqual([full.shape[0], 5 * bins]);
      expect(kept.channels).toEqual(full.channels);
      for (const channel of full.channels) {
        for (let bin = 0; bin < bins; bin++) {
          const expected = column(full, channel, bin);
          column(kept, channel, bin).forEach((value, t) => {
            expect(value).toBeCloseTo(expected[t]!, 5);
          });
        }
      }
    }
    expect(sensorSpectrogram(window, { ...options, maxBinsPerChannel: 64 }).binsPerChannel).toBe(32);
    expect(() => sensorSpectrogram(window, { ...options, maxBinsPerChannel: 0 })).toThrow(SpectrogramOptionsError);
    expect(() => sensorSpectrogram(window, { ...options, maxBinsPerChannel: 1.5 })).toThrow(SpectrogramOptionsError);
  });

  it('round-trips its options through JSON', () => {
    const options = resolveSensorSpectrogramOptions({ sampleRateHz: 100, referenceFieldMicroTesla: 48.5 });
    const restored = JSON.parse(JSON.stringify(options));
    expect(restored).toEqual(options);
    const window = syntheticWindow({ seed: 5 });
    expect(sensorSpectrogram(window, restored).data).toEqual(sensorSpectrogram(window, options).data);
  });

  it('rejects bad options and windows with typed errors', () => {
    const window = syntheticWindow({ durationSec: 1 });
    const fail = (run: () => unknown, field: string) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(SpectrogramOptionsError);
        expect((error as SpectrogramOptionsError).field).toBe(field);
        return;
      }
      throw new Error(`no error for ${field}`);
    };
    fail(() => sensorSpectrogram({ sampleRateHz: 100, mag: window.mag }), 'window.acc');
    fail(() => sensorSpectrogram(window, { frameSec: -1 }), 'frameSec');
    fail(() => sensorSpectrogram(window, { sensors: ['mag', 'baro' as never] }), 'sensors[1]');
    fail(() => sensorSpectrogram(window, { sensors: ['mag', 'mag'] }), 'sensors');
    fail(() => sensorSpectrogram(window, { sampleRateHz: 50 }), 'window.sampleRateHz');
    fail(() => sensorSpectrogram({ ...window, acc: window.acc.subarray(3) }), 'window.acc.length');
    fail(() => sensorSpectrogram({ ...window, mag: window.mag.subarray(1) }), 'window.mag.length');
    fail(() => sensorSpectrogram(syntheticWindow({ durationSec: 0.5 })), 'window');
    fail(() => sensorSpectrogram({ ...window, contextBeforeSamples: 1.5 }), 'window.contextBeforeSamples');
    fail(
      () => sensorSpectrogram({ ...window, contextBeforeSamples: 60, contextAfterSamples: 40 }),
      'window.contextAfterSamples',
    );
    fail(() => sensorSpectrogram({ ...window, contextBeforeSamples: 40, contextAfterSamples: 40 }), 'window');
    fail(() => sensorSpectrogram(window, { scales: { angle: { floor: 1, max: 0.5 } } }), 'scales.angle.max');
    fail(() => sensorSpectrogramShape({ minFftLength: 48 }, 100), 'minFftLength');
    const broken = window.gyro.slice();
    broken[3 * 17 + 2] = Number.NaN;
    fail(() => sensorSpectrogram({ ...window, gyro: broken }), 'window.gyro[17].z');
  });
});
