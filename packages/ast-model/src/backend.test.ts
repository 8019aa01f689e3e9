import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { backendFromEnvironment, initializeBackend, selectBackend } from './backend.js';
import { BackendUnavailableError } from './errors.js';

const saved = process.env.TSC_TFJS_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.TSC_TFJS_BACKEND;
  else process.env.TSC_TFJS_BACKEND = saved;
});

describe('initializeBackend', () => {
  it('chooses wasm with SIMD when tfjs-node cannot load, and reports why tensorflow was skipped', async () => {
    delete process.env.TSC_TFJS_BACKEND;
    const reports: unknown[] = [];
    const report = await initializeBackend({ backend: 'cpu' }).then(() =>
      initializeBackend({ backend: 'wasm', onReport: (r) => reports.push(r) }),
    );
    expect(report.backend).toBe('wasm');
    expect(report.simd).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(reports).toHaveLength(1);
  });

  it('detects that tfjs-node is not loadable here and skips it in automatic mode', async () => {
    const report = await selectBackend({});
    expect(report.source).toBe('automatic');
    expect(report.skipped[0]?.backend).toBe('tensorflow');
    expect(report.skipped[0]?.reason).toMatch(/tfjs-node/);
    expect(report.backend).toBe('wasm');
  });

  it('honours TSC_TFJS_BACKEND and rejects unknown names with a typed error', async () => {
    process.env.TSC_TFJS_BACKEND = 'cpu';
    expect(backendFromEnvironment()).toBe('cpu');
    const report = await selectBackend({});
    expect(report).toMatchObject({ backend: 'cpu', source: 'environment' });
    process.env.TSC_TFJS_BACKEND = 'webgpu';
    await expect(selectBackend({})).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(initializeBackend({ backend: 'tensorflow' })).rejects.toThrow(/tensorflow.*not available/);
    delete process.env.TSC_TFJS_BACKEND;
    expect((await initializeBackend({ backend: 'wasm' })).backend).toBe('wasm');
  });
});
