import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { NstrumentaClient } from '../nstrumenta-client.js';
import { type StandInServer, startStandInServer } from '../testing/index.js';

/** What each helper test gets: a temp folder, a stand-in server under it, and a client for that server. */
export interface StandInClientContext {
  dir: string;
  server: StandInServer;
  client: NstrumentaClient;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that start a fresh stand-in server (in a new temp folder) and a
 * client with tiny retry delays for every test, then close and remove them. Read the fields inside tests.
 */
export function useStandInClient(): StandInClientContext {
  const context = {} as StandInClientContext;
  beforeEach(async () => {
    context.dir = await mkdtemp(join(tmpdir(), 'nst-helpers-'));
    context.server = await startStandInServer({ root: join(context.dir, 'server'), listingDelayMs: 5 });
    context.client = new NstrumentaClient({ apiKey: context.server.apiKey, retryBaseDelayMs: 1, timeoutMs: 2_000 });
  });
  afterEach(async () => {
    await context.server.close();
    await rm(context.dir, { recursive: true, force: true });
  });
  return context;
}
