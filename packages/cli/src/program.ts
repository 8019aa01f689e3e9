import { Command } from 'commander';
import { type CliIo, processIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { commandRegistrations } from './commands/index.js';

declare const __PACKAGE_VERSION__: string;

/** The package version, injected at build time (`0.0.0-source` when run from source). */
export const version: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source';

/**
 * Builds the `tscls` command tree. Each command lives in its own file under `commands/`.
 *
 * @param io - where commands write. Defaults to the process streams.
 * @returns the root commander `Command`, ready for `parseAsync`; errors surface as exceptions (see {@link runCli}).
 */
export function createProgram(io: CliIo = processIo()): Command {
  const program = new Command('tscls')
    .description('Detect magnetic distortion in IMU recordings: generate, inspect, train, classify, report.')
    .version(version)
    .option('--verbose', 'print stack traces on errors', false)
    .exitOverride()
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text),
    });
  const context: CommandContext = { io };
  for (const register of commandRegistrations) register(program, context);
  return program;
}
