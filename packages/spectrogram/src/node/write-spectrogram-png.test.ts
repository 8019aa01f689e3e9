import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSpectrogramPng } from './write-spectrogram-png.js';

describe('writeSpectrogramPng', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-spectrogram-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the PNG and leaves no temporary file', async () => {
    const path = join(dir, 'image.png');
    const spectrogram = { data: new Float32Array(12).map((_, i) => i), shape: [3, 4] as [number, number] };
    const bytes = await writeSpectrogramPng(path, spectrogram, { colormap: 'magma' });
    const file = await readFile(path);
    expect(file.length).toBe(bytes);
    expect(decode(file)).toMatchObject({ width: 3, height: 4 });
    expect(await readdir(dir)).toEqual(['image.png']);
  });

  it('claims its temporary file through the shared registry: stale ones are swept, none is left (issue 14)', async () => {
    const path = join(dir, 'registered.png');
    // a temporary file that a killed run (a process id that does not run) left beside the image
    const stale = join(dir, '.registered.png.4194303.deadbeef.tmp');
    await writeFile(stale, 'half an image');
    const registry = (globalThis as { [key: symbol]: Set<string> | undefined })[Symbol.for('tsc.temporaryFiles')];
    await writeSpectrogramPng(path, { data: new Float32Array(12), shape: [3, 4] });
    expect((await readdir(dir)).sort()).toEqual(['image.png', 'registered.png']);
    expect([...(registry ?? [])].filter((entry) => entry.startsWith(dir))).toEqual([]);
    await rm(path);
  });

  it('keeps an existing file when rendering fails', async () => {
    const path = join(dir, 'image.png');
    const before = await readFile(path);
    await expect(writeSpectrogramPng(path, { data: new Float32Array(2), shape: [3, 4] })).rejects.toThrow();
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['image.png']);
  });
});
