import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** A progress bar fed by a package's progress callback. A no-op when the CLI does not draw on a terminal. */
export interface Progress {
  /** Sets the current value (and optionally a new total) and a short status text such as `loss 0.41`. */
  update(value: number, options?: { total?: number; status?: string }): void;
  /** Stops the bar and leaves its last state on screen. */
  stop(): void;
}

/**
 * Starts a progress bar on the CLI's progress stream (standard error when it is a terminal).
 *
 * @param io - where to draw; without a progress stream the bar does nothing.
 * @param label - what is being counted, e.g. `generate`.
 * @param total - the expected final value.
 */
export function startProgress(io: CliIo, label: string, total: number): Progress {
  const stream = io.progressStream;
  if (stream === undefined) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: `${label.padEnd(12)} [{bar}] {percentage}% {value}/{total} {status}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 20,
  });
  bar.start(Math.max(total, 1), 0, { status: '' });
  let stopped = false;
  return {
    update(value, { total: newTotal, status } = {}) {
      if (stopped) return;
      if (newTotal !== undefined) bar.setTotal(Math.max(newTotal, 1));
      bar.update(value, status === undefined ? {} : { status });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
