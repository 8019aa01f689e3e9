import { createTsupConfig } from '@tsc/tsup-config';

export default createTsupConfig({ entry: { index: 'src/index.ts', bin: 'src/bin.ts' }, platform: 'node' });
