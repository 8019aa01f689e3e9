// Worker entry: registers tsx in this thread (loader flags do not reach worker threads on Node 20), then runs the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./one-layer-worker.ts');
