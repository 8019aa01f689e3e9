import { createTsupConfig } from '@tsc/tsup-config';

// gradient-worker: the worker-thread entry of workerThreadGradients (dist/gradient-worker.js, beside dist/node.js).
export default createTsupConfig({
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', 'gradient-worker': 'src/node/gradient-worker.ts' },
  platform: 'neutral',
});
