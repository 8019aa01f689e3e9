import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatApiKey } from '@tsc/nstrumenta';
import { type StandInServer, startStandInServer } from '@tsc/nstrumenta/testing';
import { expect } from 'vitest';
import { captureIo } from './cli-io.js';
import { runCli } from './run-cli.js';

/** What one `tscls` run gave: its exit code and everything it printed. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A temporary folder with a stand-in Nstrumenta server, and a `tscls` runner holding the project's key. */
export interface CliStandIn {
  /** The temporary folder (the server's files are in `server/`). */
  readonly dir: string;
  readonly server: StandInServer;
  /**
   * Runs `tscls args` with `NSTRUMENTA_API_KEY` for the server's project (or with `environment`); fails the test when
   * anything it printed shows the key's secret.
   */
  run(args: string[], environment?: Record<string, string>): Promise<CliRun>;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

/** Starts a stand-in server whose project `nst-test` answers to `secret`, in a new temporary folder named `prefix…`. */
export async function startCliStandIn(prefix: string, secret: string): Promise<CliStandIn> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const server = await startStandInServer({ root: join(dir, 'server'), keys: { [secret]: 'nst-test' } });
  const env = { NSTRUMENTA_API_KEY: formatApiKey(secret, server.url) };
  return {
    dir,
    server,
    async run(args, environment = env) {
      const io = captureIo(environment);
      const code = await runCli(args, io);
      expect(io.out() + io.err()).not.toContain(secret);
      return { code, out: io.out(), err: io.err() };
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
