import { TscError } from '@tsc/errors';
import { CommanderError } from 'commander';
import { type CliIo, processIo } from './cli-io.js';
import { CliFileError, CliUsageError } from './errors.js';
import { restateForFlags, runningOptionFlags } from './option-names.js';
import { createProgram } from './program.js';

/** Exit codes of `tscls`. */
export const EXIT_CODES = {
  /** The command did what was asked. */
  ok: 0,
  /** The command failed: bad data, missing file, training error, network error. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing or invalid argument. */
  usage: 2,
} as const;

/**
 * Runs `tscls` with the given arguments and returns its exit code instead of exiting, so it can run in-process.
 * Failures print one line on standard error (`tscls: <ErrorName>: <message>`); `--verbose` adds the stack trace.
 *
 * @param args - the user's arguments, without `node` and the script path, e.g. `['inspect', 'a.mcap']`.
 * @param io - where to write. Defaults to the process streams.
 * @returns 0 when the command succeeded, 1 when it failed, 2 for a usage error.
 *
 * @example
 * ```ts
 * import { captureIo, runCli } from '@tsc/cli';
 *
 * const io = captureIo(); // or leave it out: the process's own streams
 * const code = await runCli(['generate', '--plan', 'fixtures/seed/default_plan.json', '--output', 'out.mcap'], io);
 * console.log(code, io.out()); // 0 'wrote out.mcap: 7 topics × 1800 samples, 8 segments, seed 0'
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_CODES.ok;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      // commander has already printed its message (or the help / version text)
      return thrown.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const error = restateForFlags(CliFileError.fromNodeError(thrown) ?? thrown, runningOptionFlags(program));
    const verbose = args.includes('--verbose');
    const redact = secretRedactor(io.env.NSTRUMENTA_API_KEY);
    io.stderr(redact(`tscls: ${describeError(error)}\n`));
    if (verbose && error instanceof Error && error.stack !== undefined) io.stderr(redact(`${error.stack}\n`));
    if (error instanceof CliUsageError) return EXIT_CODES.usage;
    return EXIT_CODES.failure;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = TscError.isInstance(error) || error.name !== 'Error' ? `${error.name}: ` : '';
    const code = (error as NodeJS.ErrnoException).code;
    // Node file errors already name the path in their message
    return `${name}${error.message.split('\n')[0]}${code !== undefined && !error.message.includes(code) ? ` (${code})` : ''}`;
  }
  return String(error);
}

/** Replaces the API key (and its secret part) with `***` wherever it appears: the key is never printed. */
function secretRedactor(apiKey: string | undefined): (text: string) => string {
  const secrets = [apiKey?.trim(), apiKey?.trim().split(':')[0]].filter(
    (secret): secret is string => secret !== undefined && secret.length >= 6,
  );
  return (text) => secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text);
}
