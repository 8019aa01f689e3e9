import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatApiKey } from '@tsc/nstrumenta';
import type { StandInServer } from '@tsc/nstrumenta/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliStandIn, startCliStandIn } from '../stand-in-cli.test-helper.js';

describe('tscls nst against the Nstrumenta stand-in server', () => {
  const secret = 'c0ffee00-1111-4222-8333-444455556666';
  let standIn: CliStandIn;
  let dir: string;
  let server: StandInServer;
  let run: CliStandIn['run'];

  beforeAll(async () => {
    standIn = await startCliStandIn('tscls-nst-', secret);
    ({ dir, server, run } = standIn);
    await server.seed('synthetic_datasets/run/run.labels.json', '{"events":[]}');
  });
  afterAll(() => standIn.close());

  it('prints the project', async () => {
    const { code, out } = await run(['nst', 'project']);
    expect(code).toBe(0);
    expect(JSON.parse(out).id).toBe('nst-test');
  });

  it('uploads, lists and downloads', async () => {
    const local = join(dir, 'model.tar.gz');
    await writeFile(local, 'model bytes');
    const uploaded = await run(['nst', 'upload', local, 'models/MAG_DIST_01.model.tar.gz']);
    expect(uploaded.code).toBe(0);
    expect(uploaded.out).toContain('(11 B)');
    const listed = await run(['nst', 'list', '--json']);
    expect(listed.code).toBe(0);
    const paths = (JSON.parse(listed.out) as { data: { dirname: string; name: string } }[]).map(
      ({ data }) => `${data.dirname}/${data.name}`,
    );
    expect(paths).toContain('synthetic_datasets/run/run.labels.json');
    const table = await run(['nst', 'list']);
    expect(table.out).toMatch(/^ {6}13 B {2}\S+ \S+ {2}synthetic_datasets\/run\/run\.labels\.json\n/m);

    const output = join(dir, 'downloaded.json');
    expect((await run(['nst', 'download', 'synthetic_datasets/run/run.labels.json', '-o', output])).code).toBe(0);
    expect(await readFile(output, 'utf8')).toBe('{"events":[]}');
  });

  it('refuses to overwrite without --overwrite (exit 1, one line) and overwrites with it', async () => {
    const local = join(dir, 'again.txt');
    await writeFile(local, 'first');
    expect((await run(['nst', 'upload', local, 'again.txt'])).code).toBe(0);
    const conflict = await run(['nst', 'upload', local, 'again.txt']);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toMatch(/^tscls: ConflictError: .*again\.txt/);
    expect(conflict.err.trim().split('\n')).toHaveLength(1);
    expect((await run(['nst', 'upload', local, 'again.txt', '--overwrite'])).code).toBe(0);
  });

  it('fails clearly on a missing remote file, a wrong key or no key, never printing the key', async () => {
    const missing = await run(['nst', 'download', 'nope/missing.mcap', '-o', join(dir, 'missing.mcap')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/NotFoundError.*nope\/missing\.mcap/);

    const wrongKey = formatApiKey('d0d0d0d0-1111-4222-8333-444455556666', server.url);
    const unauthorised = await run(['--verbose', 'nst', 'project'], { NSTRUMENTA_API_KEY: wrongKey });
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.err).toContain('AuthError');
    expect(unauthorised.err).not.toContain('d0d0d0d0-1111');

    const noKey = await run(['nst', 'list'], {});
    expect(noKey.code).toBe(1);
    expect(noKey.err).toContain('NSTRUMENTA_API_KEY is not set');
  });

  it('works on a local store with --local', async () => {
    const store = join(dir, 'local-store');
    const local = join(dir, 'local.txt');
    await writeFile(local, 'local');
    expect((await run(['nst', 'upload', local, 'a/b.txt', '--local', store], {})).code).toBe(0);
    const listed = await run(['nst', 'list', '--local', store], {});
    expect(listed.out).toContain('a/b.txt');
  });
});
