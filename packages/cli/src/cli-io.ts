/**
 * Where a command writes, and what it reads from its environment. The real CLI uses the process streams; tests pass
 * a capturing implementation to run commands in-process.
 */
export interface CliIo {
  /** Writes text to standard output (results, tables, JSON). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error (errors, warnings). */
  readonly stderr: (text: string) => void;
  /** The stream progress bars draw on, or `undefined` to draw none (not a terminal). */
  readonly progressStream: NodeJS.WritableStream | undefined;
  /** Environment variables, e.g. `NSTRUMENTA_API_KEY`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams: progress bars only when standard error is a terminal. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
  };
}

/** A captured run: everything written to each stream. */
export interface CapturedIo extends CliIo {
  /** Everything written to standard output so far. */
  readonly out: () => string;
  /** Everything written to standard error so far. */
  readonly err: () => string;
}

/**
 * An in-memory {@link CliIo} for tests and embedding: no progress bars, output kept in strings.
 *
 * @param env - environment variables the commands see. Defaults to none.
 */
export function captureIo(env: Readonly<Record<string, string | undefined>> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    progressStream: undefined,
    env,
    out: () => out,
    err: () => err,
  };
}
