import { mkdir } from 'node:fs/promises';
import * as tar from 'tar';

/**
 * Extracts a whole `.tar.gz`/`.tgz` archive into `dir` (what the reference's fetch helper does), creating `dir`
 * when it is missing. Absolute paths and `..` are refused by the extractor. Model archives are unpacked with
 * `unpackModelArchive` of `@tsc/ast-model/node`, which checks the model files and replaces the folder atomically.
 *
 * @example
 * ```ts
 * await extractArchive('work/3AF306.model.tar.gz', 'work'); // work/model/…
 * ```
 */
export async function extractArchive(archivePath: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await tar.extract({ file: archivePath, cwd: dir });
}
