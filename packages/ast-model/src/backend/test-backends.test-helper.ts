import { beforeAll, describe } from 'vitest';
import { type AstBackendName, initializeBackend, loadableBackends } from './backend.js';

/**
 * The backends the model tests run on: `wasm` always, `tensorflow` whenever `@tensorflow/tfjs-node` loads (after
 * `pnpm setup:native`, or an ordinary install with internet). The expectations are the same on both.
 */
export const TEST_BACKENDS: readonly AstBackendName[] = (await loadableBackends()).includes('tensorflow')
  ? ['wasm', 'tensorflow']
  : ['wasm'];

/** `describe` once per {@link TEST_BACKENDS} entry (`<name> on wasm`, `<name> on tensorflow`), on that backend. */
export function describeOnEachBackend(name: string, body: (backend: AstBackendName) => void): void {
  describe.each(TEST_BACKENDS)(`${name} on %s`, (backend) => {
    beforeAll(async () => {
      await initializeBackend({ backend });
    });
    body(backend);
  });
}
