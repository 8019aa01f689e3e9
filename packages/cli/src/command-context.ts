import type { CliIo } from './cli-io.js';

/** What every command's action receives besides its own options. */
export interface CommandContext {
  /** Output streams and environment. */
  readonly io: CliIo;
}
