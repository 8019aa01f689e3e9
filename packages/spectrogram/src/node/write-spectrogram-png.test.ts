import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSpectrogramPng } from './write-spectrogram-png.js';

/** `text` with the characters that mean something in a regular expression escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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

  it('registers its temporary file for interrupt cleanup while it writes, and forgets it after (issue 14)', async () => {
    const registry = (globalThis as { [key: symbol]: Set<string> | undefined })[Symbol.for('tsc.temporaryFiles')];
    const before = new Set(registry ?? []);
    const path = join(dir, 'registered.png');
    const writing = writeSpectrogramPng(path, { data: new Float32Array(12), shape: [3, 4] });
    const shared = (globalThis as { [key: symbol]: Set<string> | undefined })[Symbol.for('tsc.temporaryFiles')]!;
    const claimed = [...shared].filter((entry) => !before.has(entry));
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatch(new RegExp(`^${escapeRegExp(dir)}/\\.registered\\.png\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    await writing;
    expect(shared.has(claimed[0]!)).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['image.png', 'registered.png']);
    await rm(path);

    const missing = join(dir, 'no-such-folder', 'x.png');
    await expect(writeSpectrogramPng(missing, { data: new Float32Array(12), shape: [3, 4] })).rejects.toThrow(/ENOENT/);
    expect([...shared].filter((entry) => !before.has(entry))).toEqual([]);
  });

  it('keeps an existing file when rendering fails', async () => {
    const path = join(dir, 'image.png');
    const before = await readFile(path);
    await expect(writeSpectrogramPng(path, { data: new Float32Array(2), shape: [3, 4] })).rejects.toThrow();
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['image.png']);
  });
});
