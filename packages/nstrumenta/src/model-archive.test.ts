import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelArchiveName, packModelArchive, unpackModelArchive } from './model-archive.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nst-archive-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeModelDir(path: string): Promise<void> {
  await mkdir(join(path, 'weights'), { recursive: true });
  await writeFile(join(path, 'model.json'), '{"format":"layers-model"}');
  await writeFile(join(path, 'weights', 'weights.bin'), new Uint8Array([1, 2, 3, 4]));
}

describe('model archives', () => {
  it('packs <model_id>.model.tar.gz under model/, deterministically, and unpacks it back', async () => {
    await makeModelDir(join(dir, 'trained'));
    const archive = join(dir, 'out', modelArchiveName('3AF306'));
    expect(archive.endsWith('3AF306.model.tar.gz')).toBe(true);
    await packModelArchive(join(dir, 'trained'), archive);
    const entries: string[] = [];
    await tar.list({ file: archive, onReadEntry: (entry) => entries.push(entry.path) });
    expect(entries).toEqual(['model/model.json', 'model/weights/', 'model/weights/weights.bin']);
    const first = await readFile(archive);
    await packModelArchive(join(dir, 'trained'), archive);
    expect(Buffer.compare(await readFile(archive), first)).toBe(0);

    await mkdir(join(dir, 'model'), { recursive: true });
    await writeFile(join(dir, 'model', 'stale.txt'), 'from an older model');
    await unpackModelArchive(archive, join(dir, 'model'));
    expect((await readdir(join(dir, 'model'))).sort()).toEqual(['model.json', 'weights']);
    expect([...(await readFile(join(dir, 'model', 'weights', 'weights.bin')))]).toEqual([1, 2, 3, 4]);
  });

  it('refuses a folder that is missing and an archive without model/', async () => {
    await expect(packModelArchive(join(dir, 'none'), join(dir, 'x.tar.gz'))).rejects.toThrow(/expected a folder/);
    await writeFile(join(dir, 'loose.txt'), 'x');
    await tar.create({ gzip: true, file: join(dir, 'other.tar.gz'), cwd: dir }, ['loose.txt']);
    await expect(unpackModelArchive(join(dir, 'other.tar.gz'), join(dir, 'model'))).rejects.toThrow(
      /entries under model\//,
    );
    expect(await readdir(dir)).not.toContain('model');
  });
});
