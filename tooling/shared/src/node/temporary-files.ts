import { randomBytes } from 'node:crypto';
import { promises as fs, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The process-wide set of temporary paths of writes in progress. It lives on `globalThis` under
 * `Symbol.for('tsc.temporaryFiles')`, so every package that bundles this code (`@tsc/mcap-utils`,
 * `@tsc/ast-model`, `@tsc/nstrumenta`), in every copy, shares it, as `TscError.isInstance` shares its marker.
 */
export function temporaryFileRegistry(): Set<string> {
  const holder = globalThis as { [key: symbol]: Set<string> | undefined };
  const key = Symbol.for('tsc.temporaryFiles');
  return (holder[key] ??= new Set<string>());
}

/** A temporary file or folder claimed by {@link claimTemporaryPath}. */
export interface TemporaryClaim {
  /** The temporary path beside the target (`.<name>.<pid>.<random>.tmp`). */
  readonly temporaryPath: string;
  /** Forgets the path (call once it is renamed or removed). */
  release(): void;
}

/** The name of a temporary file beside `<name>`: `.<name>.<pid>.<8 hex digits>.tmp`. */
const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Whether a file name is one of the temporary files {@link claimTemporaryPath} makes
 * (`.<name>.<pid>.<random>.tmp`), e.g. to leave them out of a folder listing.
 */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * A sibling path of `path` that holds its previous version while a folder is replaced
 * (`.<name>.old-<pid>-<random>`; same folder, so `rename` is atomic).
 */
export function previousVersionPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Whether a process with this id runs (a process of another user counts as running). */
function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Removes the temporary files (or folders) that earlier, killed runs left beside `path`: siblings named
 * `.<name>.<pid>.<random>.tmp` whose process no longer runs, or that this process no longer writes.
 * Resolves to the removed paths.
 */
export async function sweepStaleTemporaryFiles(path: string): Promise<string[]> {
  const folder = dirname(path);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const entries = await fs.readdir(folder).catch(() => [] as string[]);
  const registry = temporaryFileRegistry();
  const removed: string[] = [];
  for (const entry of entries) {
    const match = pattern.exec(entry);
    const stale =
      match !== null &&
      (!processRuns(Number(match[1])) || (Number(match[1]) === process.pid && !registry.has(join(folder, entry))));
    if (!stale) continue;
    await fs.rm(join(folder, entry), { recursive: true, force: true });
    removed.push(join(folder, entry));
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Sweeps stale temporary files beside `path` (see {@link sweepStaleTemporaryFiles}), then claims a fresh
 * temporary path beside it (same folder, so the final rename is atomic) and registers it, so an interrupt
 * removes it (see {@link exitCleanlyOnInterrupt}). Call `release()` once the path is renamed or removed.
 *
 * @example
 * ```ts
 * import { mkdir, rename, writeFile } from 'node:fs/promises';
 * import { claimTemporaryPath } from '@tsc/mcap-utils/node';
 *
 * await mkdir('out', { recursive: true });
 * const claim = await claimTemporaryPath('out/run.mcap');
 * try {
 *   await writeFile(claim.temporaryPath, new Uint8Array([1, 2, 3]));
 *   await rename(claim.temporaryPath, 'out/run.mcap');
 * } finally {
 *   claim.release();
 * }
 * ```
 */
export async function claimTemporaryPath(path: string): Promise<TemporaryClaim> {
  await sweepStaleTemporaryFiles(path);
  const temporaryPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const registry = temporaryFileRegistry();
  registry.add(temporaryPath);
  return { temporaryPath, release: () => registry.delete(temporaryPath) };
}

/** Removes every registered temporary path at once (synchronously, for signal handlers); returns them. */
export function removeTemporaryFilesSync(): string[] {
  const registry = temporaryFileRegistry();
  const removed = [...registry];
  for (const path of removed) rmSync(path, { recursive: true, force: true });
  registry.clear();
  return removed;
}

/** The conventional exit codes after a signal (128 + signal number). */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Options of {@link exitCleanlyOnInterrupt}. */
export interface ExitCleanlyOnInterruptOptions {
  /** Called after the temporary files are removed, before the exit, e.g. to print a line. Defaults to none. */
  onInterrupt?: (signal: keyof typeof INTERRUPT_EXIT_CODES, removedPaths: readonly string[]) => void;
  /** Ends the process. Defaults to `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Handles SIGINT and SIGTERM for a command-line program: removes the temporary files of writes in
 * progress, then exits with 130 (SIGINT) or 143 (SIGTERM). Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * import { exitCleanlyOnInterrupt } from '@tsc/mcap-utils/node';
 *
 * const removeHandlers = exitCleanlyOnInterrupt({
 *   onInterrupt: (signal) => process.stderr.write(`interrupted (${signal})\n`),
 * });
 * // … long writes: Ctrl-C removes their temporary files, then exits with 130 …
 * removeHandlers();
 * ```
 */
export function exitCleanlyOnInterrupt({
  onInterrupt,
  exit = (code) => process.exit(code),
}: ExitCleanlyOnInterruptOptions = {}): () => void {
  const handlers = (Object.keys(INTERRUPT_EXIT_CODES) as (keyof typeof INTERRUPT_EXIT_CODES)[]).map((signal) => {
    const handler = () => {
      const removed = removeTemporaryFilesSync();
      onInterrupt?.(signal, removed);
      exit(INTERRUPT_EXIT_CODES[signal]);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
