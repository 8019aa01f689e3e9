import { Command } from 'commander';

declare const __PACKAGE_VERSION__: string;

/** The package version, injected at build time (`0.0.0-source` when run from source). */
export const version: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source';

/**
 * Builds the `tscls` command tree. Each command lives in its own file under `commands/`.
 *
 * @returns the root commander `Command`, ready for `parseAsync`.
 */
export function createProgram(): Command {
  const program = new Command('tscls')
    .description('Detect magnetic distortion in IMU recordings: generate, inspect, train, classify, report.')
    .version(version)
    .option('--verbose', 'print stack traces on errors', false);
  return program;
}
