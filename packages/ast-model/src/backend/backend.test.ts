import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors.js';
import { backendFromEnvironment, initializeBackend, loadableBackends, selectBackend } from './backend.js';

const saved = process.env.TSC_TFJS_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.TSC_TFJS_BACKEND;
  else process.env.TSC_TFJS_BACKEND = saved;
});

/** Whether the native backend loads here (after `pnpm setup:native`, or an ordinary install with internet). */
const nativeLoads = (await loadableBackends()).includes('tensorflow');

describe('initializeBackend', () => {
  it('chooses wasm with SIMD when asked, and reports the choice once', async () => {
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

  it.runIf(nativeLoads)('selects tensorflow automatically when tfjs-node loads', async () => {
    delete process.env.TSC_TFJS_BACKEND;
    const report = await selectBackend({});
    expect(report).toMatchObject({ backend: 'tensorflow', source: 'automatic', skipped: [], simd: false });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it.skipIf(nativeLoads)('falls back to wasm when tfjs-node cannot load, and reports why', async () => {
    delete process.env.TSC_TFJS_BACKEND;
    const report = await selectBackend({});
    expect(report.source).toBe('automatic');
    expect(report.skipped[0]?.backend).toBe('tensorflow');
    expect(report.skipped[0]?.reason).toMatch(/tfjs-node/);
    expect(report.backend).toBe('wasm');
    await expect(initializeBackend({ backend: 'tensorflow' })).rejects.toThrow(/tensorflow.*not available/);
  });

  it('lists the loadable backends in selection order and keeps the active one', async () => {
    await initializeBackend({ backend: 'cpu' });
    const loadable = await loadableBackends();
    expect(loadable).toEqual(nativeLoads ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('honours TSC_TFJS_BACKEND and rejects unknown names with a typed error', async () => {
    process.env.TSC_TFJS_BACKEND = 'cpu';
    expect(backendFromEnvironment()).toBe('cpu');
    const report = await selectBackend({});
    expect(report).toMatchObject({ backend: 'cpu', source: 'environment' });
    process.env.TSC_TFJS_BACKEND = 'webgpu';
    await expect(selectBackend({})).rejects.toBeInstanceOf(BackendUnavailableError);
    delete process.env.TSC_TFJS_BACKEND;
    expect((await initializeBackend({ backend: 'wasm' })).backend).toBe('wasm');
  });
});
