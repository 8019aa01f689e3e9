import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from './errors.js';
import { LocalProjectStore } from './local-project-store.js';
import { NstrumentaClient } from './nstrumenta-client.js';
import { openProjectStore } from './open-project-store.js';
import type { ProjectDataStore } from './project-data-store.js';
import { type StandInServer, startStandInServer } from './testing/index.js';

let dir: string;
let server: StandInServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-store-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => Promise<ProjectDataStore>][] = [
  ['LocalProjectStore', async () => new LocalProjectStore(join(dir, 'local'), { projectId: 'nst-test' })],
  [
    'NstrumentaClient + stand-in server',
    async () => {
      server = await startStandInServer({ root: join(dir, 'server'), listingDelayMs: 10 });
      return new NstrumentaClient({ apiKey: server.apiKey, retryBaseDelayMs: 1, timeoutMs: 2_000 });
    },
  ],
];

describe.each(stores)('ProjectDataStore contract: %s', (_name, open) => {
  it('uploads, lists, downloads and refuses to overwrite without overwrite', async () => {
    const store = await open();
    expect((await store.getProject()).id).toBe('nst-test');
    const source = join(dir, 'in', 'run.mcap');
    await mkdir(join(dir, 'in'), { recursive: true });
    await writeFile(source, 'first version');

    const result = await store.upload(source, 'runs/run.mcap', { dataId: 'run-1', metadata: { tags: ['a'] } });
    expect(result).toEqual({
      remotePath: 'runs/run.mcap',
      remoteFilePath: 'projects/nst-test/data/runs/run.mcap',
      sizeBytes: 13,
    });
    expect(await store.exists('runs/run.mcap')).toBe(true);
    expect(await store.exists('projects/nst-test/data/runs/run.mcap')).toBe(true);
    expect(await store.exists('runs/other.mcap')).toBe(false);

    const listed = await store.waitForListed('runs/run.mcap', { timeoutMs: 2_000, pollIntervalMs: 5 });
    expect(listed.data).toMatchObject({
      name: 'run.mcap',
      dirname: 'runs',
      filePath: 'projects/nst-test/data/runs/run.mcap',
      size: '13',
      dataId: 'run-1',
      tags: ['a'],
    });
    expect(listed.id).toMatch(/^[0-9a-f]{64}$/);

    await writeFile(source, 'second version');
    await expect(store.upload(source, 'runs/run.mcap')).rejects.toBeInstanceOf(ConflictError);
    await store.upload(source, 'runs/run.mcap', { overwrite: true });

    const target = join(dir, 'out', 'nested', 'run.mcap');
    await store.download('runs/run.mcap', target);
    expect(await readFile(target, 'utf8')).toBe('second version');
    expect(await readdir(join(dir, 'out', 'nested'))).toEqual(['run.mcap']); // no temporary files left

    await expect(store.download('runs/missing.mcap', join(dir, 'out', 'missing.mcap'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await readdir(join(dir, 'out'))).toEqual(['nested']);
  });

  it('keeps metadata by data id', async () => {
    const store = await open();
    const source = join(dir, 'm.json');
    await writeFile(source, '{}');
    await store.upload(source, 'm.json', { dataId: 'm-1', metadata: { a: 1 } });
    await store.waitForListed('m.json', { timeoutMs: 2_000, pollIntervalMs: 5 });
    expect(await store.getDataMetadata('m-1')).toMatchObject([{ name: 'm.json', a: 1 }]);
    expect(await store.setDataMetadata('m-1', { b: 2 })).toMatchObject([{ a: 1, b: 2 }]);
    const replaced = await store.setDataMetadata('m-1', { c: 3 }, { merge: false });
    expect(replaced[0]).toMatchObject({ c: 3, name: 'm.json' });
    expect(replaced[0]).not.toHaveProperty('a');
    expect(await store.getDataMetadata('unknown')).toEqual([]);
  });
});

describe('LocalProjectStore', () => {
  it('lists only data files (not its own records or temporary files) and writes its records atomically', async () => {
    const store = new LocalProjectStore(join(dir, 'local'));
    await mkdir(join(dir, 'local', 'a'), { recursive: true });
    await writeFile(join(dir, 'local', 'a', 'x.mcap'), 'x');
    await writeFile(join(dir, 'local', 'a', '.x.mcap.0123456789ab.part'), 'partial');
    await writeFile(join(dir, 'f.bin'), 'f');
    await store.upload(join(dir, 'f.bin'), 'f.bin', { dataId: 'f' });
    expect((await store.listData()).map((record) => record.data.filePath)).toEqual([
      'projects/local/data/a/x.mcap',
      'projects/local/data/f.bin',
    ]);
    expect(await readdir(join(dir, 'local', '.nstrumenta'))).toEqual(['records.json']);
    await expect(store.setDataMetadata('none', { a: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('uploads many files concurrently without losing records', async () => {
    const store = new LocalProjectStore(join(dir, 'local'));
    await writeFile(join(dir, 'f.bin'), 'f');
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.upload(join(dir, 'f.bin'), `c/${index}.bin`, { dataId: `d${index}` }),
      ),
    );
    for (let index = 0; index < 8; index++) expect(await store.getDataMetadata(`d${index}`)).toHaveLength(1);
  });
});

describe('openProjectStore', () => {
  it('opens the platform client with a key and the local store without one', async () => {
    server = await startStandInServer({ root: join(dir, 'server') });
    const previous = process.env.NSTRUMENTA_API_KEY;
    try {
      delete process.env.NSTRUMENTA_API_KEY;
      const local = openProjectStore({ localRoot: join(dir, 'local') });
      expect(local).toBeInstanceOf(LocalProjectStore);
      expect((local as LocalProjectStore).rootDir).toBe(join(dir, 'local'));
      process.env.NSTRUMENTA_API_KEY = server.apiKey;
      const remote = openProjectStore({ localRoot: join(dir, 'local') });
      expect(remote.kind).toBe('remote');
      expect((await remote.getProject()).id).toBe('nst-test');
      expect(openProjectStore({ apiKey: '  ', localRoot: join(dir, 'local') }).kind).toBe('local');
    } finally {
      if (previous === undefined) delete process.env.NSTRUMENTA_API_KEY;
      else process.env.NSTRUMENTA_API_KEY = previous;
    }
  });
});
