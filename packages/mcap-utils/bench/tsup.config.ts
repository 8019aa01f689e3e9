import { createBenchTsupConfig } from '@tsc/tsup-config';

export default createBenchTsupConfig();
