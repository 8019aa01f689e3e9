import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { astConfig } from '../model/ast-config.js';
import { createAstModel } from '../model/create-ast-model.js';
import { ensureBackend } from './backend.js';

// Runs in its own module graph (vitest isolates test files): no backend has been chosen when it starts.
const small = astConfig({ preset: 'sensor', numHiddenLayers: 1 });

/** Our warnings among everything printed with console.warn (tfjs prints its own banner too). */
function ourWarnings(warn: { mock: { calls: unknown[][] } }): string[] {
  return warn.mock.calls.map((call) => String(call[0])).filter((text) => text.startsWith('@tsc/ast-model'));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backend on first use', () => {
  it('warns once, naming the caller, when a model is built before any backend was chosen', () => {
    delete process.env.TSC_TFJS_BACKEND;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createAstModel(small, { seed: 1 }).dispose();
    createAstModel(small, { seed: 2 }).dispose();
    expect(tf.getBackend()).toBe('cpu');
    expect(ourWarnings(warn)).toHaveLength(1);
    expect(ourWarnings(warn)[0]).toMatch(/createAstModel runs on TensorFlow\.js's cpu backend.*initializeBackend/);
  });

  it('switches from the default cpu to the best backend that loads on the first asynchronous use', async () => {
    await ensureBackend();
    // tensorflow where tfjs-node loads (pnpm setup:native), else wasm
    expect(['tensorflow', 'wasm']).toContain(tf.getBackend());
  });
});
