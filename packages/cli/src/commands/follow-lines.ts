import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Options of {@link followLines}. */
export interface FollowLinesOptions {
  /** Stop after the file has not grown for this long (s). Defaults to never (until the process is stopped). */
  idleSec?: number;
  /** How often a file is checked for new bytes (ms). Defaults to 100. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lines appended to a growing file, read from its start, as `tail -f` would (a last unterminated line waits). */
async function* followFile(path: string, { idleSec, pollMs = 100 }: FollowLinesOptions): AsyncGenerator<string> {
  const handle = await open(path, 'r');
  try {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(1 << 16);
    let position = 0;
    let pending = '';
    let idleSince = performance.now();
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        if (idleSec !== undefined && performance.now() - idleSince >= idleSec * 1000) break;
        await sleep(pollMs);
        continue;
      }
      idleSince = performance.now();
      position += bytesRead;
      pending += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop()!;
      yield* lines;
    }
    if (pending !== '') yield pending;
  } finally {
    await handle.close();
  }
}

/**
 * The lines of `source` as they arrive: standard input until it closes when `source` is `-`, else the lines of a
 * file that may still be growing (see {@link FollowLinesOptions.idleSec}).
 */
export async function* followLines(source: string, options: FollowLinesOptions = {}): AsyncGenerator<string> {
  if (source === '-') {
    yield* createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    return;
  }
  yield* followFile(source, options);
}
