import { mkdir } from 'node:fs/promises';
import * as tar from 'tar';

/**
 * Extracts a whole `.tar.gz`/`.tgz` archive into `dir` (what the reference's fetch helper does), creating `dir`
 * when it is missing. Absolute paths and `..` are refused by the extractor. Model archives are unpacked with
 * `unpackModelArchive` of `@tsc/ast-model/node`, which checks the model files and replaces the folder atomically.
 *
 * @example
 * ```ts
 * import { mkdir, readdir, writeFile } from 'node:fs/promises';
 * import { packModelArchive } from '@tsc/ast-model/node';
 * import { extractArchive } from '@tsc/nstrumenta';
 *
 * await mkdir('trained', { recursive: true });
 * for (const name of ['config.json', 'model.json', 'weights.bin']) await writeFile(`trained/${name}`, '{}');
 * await packModelArchive('trained', '3AF306.model.tar.gz');
 * await extractArchive('3AF306.model.tar.gz', 'work');
 * console.log((await readdir('work/model')).sort()); // [ 'config.json', 'model.json', 'weights.bin' ]
 * ```
 */
export async function extractArchive(archivePath: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await tar.extract({ file: archivePath, cwd: dir });
}
