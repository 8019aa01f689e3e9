import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatApiKey } from '@tsc/nstrumenta';
import { type StandInServer, startStandInServer } from '@tsc/nstrumenta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// Fault suite (issue 14): the command-line cases of the Why list, each with its typed error and exit code.

let dir: string;
let server: StandInServer;
let env: Record<string, string>;
const secret = '5ca1ab1e-1111-4222-8333-444455556666';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscls-faults-'));
  server = await startStandInServer({ root: join(dir, 'server'), keys: { [secret]: 'nst-test' } });
  env = { NSTRUMENTA_API_KEY: formatApiKey(secret, server.url) };
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], environment: Record<string, string> = env) {
  const io = captureIo(environment);
  const code = await runCli(args, io);
  expect(io.out() + io.err()).not.toContain(secret);
  return { code, out: io.out(), err: io.err() };
}

describe('tscls faults', () => {
  it('refuses to upload a folder before any request (Why 2)', async () => {
    const before = server.requests.length;
    const { code, err } = await run(['nst', 'upload', dir, 'up/d.mcap']);
    expect(code).toBe(1);
    expect(err).toContain(
      `LocalFileError: upload up/d.mcap: local file ${dir}: expected a regular file, found a folder`,
    );
    expect(server.requests.length).toBe(before);
  });

  it('gives up on a hung server after --timeout and its retries, with a notice on stderr per retry (Why 7)', async () => {
    server.faults.hangNext(4, { target: 'api' });
    const started = Date.now();
    const { code, err } = await run(['nst', 'project', '--timeout', '0.2']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(err).toMatch(/tscls: getProject: retry 1\/3 after TimeoutError/);
    expect(err).toMatch(/TimeoutError: getProject: no response within 200 ms/);
  });

  it('refuses generate-dataset --duration 1e9 before any work, naming the options, memory and limit (Why 4)', async () => {
    const { code, err } = await run(['generate-dataset', '--count', '1', '--duration', '1e9', '-o', join(dir, 'x')]);
    expect(code).toBe(1);
    expect(err).toContain('RecordingSizeError: --duration × --rate: 1.00e+11 samples per topic would need 25.5 TiB');
    expect(err).toContain('the limit is 4.00 GiB');
  });

  it('refuses generate-dataset into a folder that holds files unless --replace (Why 12)', async () => {
    const output = join(dir, 'dataset');
    await mkdir(output, { recursive: true });
    await writeFile(join(output, 'recording_0099.mcap'), 'stale');
    const refused = await run(['generate-dataset', '--count', '1', '--duration', '2', '-o', output]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/outputDir: expected an empty or new folder .*--replace/);
    const replaced = await run(['generate-dataset', '--count', '1', '--duration', '2', '-o', output, '--replace']);
    expect(replaced.code).toBe(0);
  });
});
