import { createBenchTsupConfig } from '@tsc/tsup-config';
import type { Options } from 'tsup';

const config: Options = createBenchTsupConfig();

export default config;
