import { createTsupConfig } from '@tsc/tsup-config';

export default createTsupConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  platform: 'node',
});
