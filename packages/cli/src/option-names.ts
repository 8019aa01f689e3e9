import { TscError } from '@tsc/errors';
import { type LimitedResource, MemoryLimitError } from '@tsc/mcap-utils';
import type { Command } from 'commander';
import { CliUsageError } from './errors.js';
import type { runCli } from './run-cli.js';

/** A command's library option names and the flags a user types for them, e.g. `{ hopSec: '--hop' }`. */
export type OptionFlags = Readonly<Record<string, string>>;

/** The window options of `train` and `spectrogram`, as `windows()` and the feature settings name them. */
export const WINDOW_FLAGS: OptionFlags = { windowSec: '--window', hopSec: '--hop' };

/**
 * The memory limit of the libraries, set by their `maxMemoryBytes` option: `tscls train` and `tscls demo` expose it as
 * `--max-memory` ({@link MEMORY_FLAGS}); elsewhere it is the built-in limit.
 */
const LIBRARY_MEMORY_LIMIT = { name: 'memory', setBy: 'maxMemoryBytes' } as const;

/** The flag of the libraries' memory limit, for the commands that let a user raise it. */
export const MEMORY_FLAGS: OptionFlags = { maxMemoryBytes: '--max-memory' };

/** Replaces every library option name in `text` by its flag (whole words only). */
export function withFlagNames(text: string, flags: OptionFlags): string {
  return Object.entries(flags).reduce(
    (result, [name, flag]) => result.replace(new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'g'), flag),
    text,
  );
}

/** The option a typed error names (`field` of an argument error, `option` of a `MemoryLimitError`), if any. */
function namedOption(error: TscError): string | undefined {
  const { option, field } = error as { option?: unknown; field?: unknown };
  const named = field ?? option;
  return typeof named === 'string' ? named : undefined;
}

/** The fields of a `MemoryLimitError` (read by shape: the error may come from another copy of a package). */
interface LimitFields {
  readonly detail?: unknown;
  readonly neededBytes?: unknown;
  readonly limitBytes?: unknown;
  readonly resource?: unknown;
}

/**
 * A memory or disk limit error restated with the flags the user typed: the option that sets the size (`--hop`), and
 * what sets the limit, `--max-memory` where the command has it, else `the built-in limit` (never the libraries'
 * `maxMemoryBytes`, which a user of `tscls` cannot set). Returned as it is when the command has neither flag.
 */
function restateLimit(error: TscError, named: string, flags: OptionFlags): unknown {
  const fields = error as LimitFields;
  const neededBytes = fields.neededBytes as number;
  const limitBytes = fields.limitBytes as number;
  const resource = (fields.resource as LimitedResource | undefined) ?? LIBRARY_MEMORY_LIMIT;
  const limitFlag = withFlagNames(resource.setBy, flags);
  if (withFlagNames(named, flags) === named && limitFlag === resource.setBy) return error;
  const builtIn = resource.setBy === LIBRARY_MEMORY_LIMIT.setBy ? 'the built-in limit' : resource.setBy;
  const setBy = limitFlag === resource.setBy ? builtIn : limitFlag;
  const detail = withFlagNames(String(fields.detail), flags);
  return new MemoryLimitError(withFlagNames(named, flags), detail, neededBytes, limitBytes, { ...resource, setBy });
}

/**
 * An error about a library option (`hopSec`, `count`, `durationSec × sampleRateHz`) restated about the flag the
 * user typed (`--hop`, `--count`, `--duration × --rate`): a memory or disk limit stays a `MemoryLimitError` (naming
 * `--max-memory` as what sets the limit where the command has it), a bad value becomes a {@link CliUsageError}.
 * Other errors are returned as they are.
 */
export function restateForFlags(error: unknown, flags: OptionFlags): unknown {
  if (!TscError.isInstance(error)) return error;
  const named = namedOption(error);
  if (named === undefined) return error;
  const { neededBytes, limitBytes } = error as LimitFields;
  if (typeof neededBytes === 'number' && typeof limitBytes === 'number') return restateLimit(error, named, flags);
  const flag = withFlagNames(named, flags);
  if (flag === named) return error;
  const { expected, found, file } = error as { expected?: unknown; found?: unknown; file?: unknown };
  if (typeof expected !== 'string') return error;
  return new CliUsageError(
    flag,
    withFlagNames(expected, flags),
    typeof found === 'string' ? withFlagNames(found, flags) : found,
    { file: typeof file === 'string' ? file : undefined, cause: error },
  );
}

/** Per program (root command): the flags of the command that runs. */
const runningFlags = new WeakMap<Command, OptionFlags>();

/**
 * A `preAction` hook saying which library options a command sets under which flags, so that {@link runCli}'s error
 * report names the flags (see {@link restateForFlags}).
 */
export function libraryOptionFlags(flags: OptionFlags): (command: Command) => void {
  return (command) => {
    let root = command;
    while (root.parent !== null) root = root.parent;
    runningFlags.set(root, flags);
  };
}

/** The flags of the command of `program` that ran (none before a command runs). */
export function runningOptionFlags(program: Command): OptionFlags {
  return runningFlags.get(program) ?? {};
}
