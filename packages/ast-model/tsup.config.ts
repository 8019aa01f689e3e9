import { createTsupConfig } from '@tsc/tsup-config';

export default createTsupConfig({ entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, platform: 'neutral' });
