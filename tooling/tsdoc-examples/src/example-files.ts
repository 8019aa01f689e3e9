import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repositoryRoot, type TsdocExample } from './extract-examples.js';

/** Where the examples are written as modules: inside this package, so `@tsc/<pkg>` resolves as a user's would. */
export const examplesRoot = join(import.meta.dirname, '..', '.examples');

/** Writes each example to `<dir>/<package>/<file>.<symbol>.ts` (the folder emptied first); returns the paths by id. */
export function writeExampleFiles(examples: readonly TsdocExample[], dir: string): Map<string, string> {
  rmSync(dir, { recursive: true, force: true });
  const paths = new Map<string, string>();
  for (const example of examples) {
    const name = example.id
      .replace(/^[^/]+\//, '')
      .replace(/[/:#]/g, '.')
      .replace(/\.ts\./, '.');
    const path = join(dir, example.package, `${name}.ts`);
    mkdirSync(join(dir, example.package), { recursive: true });
    writeFileSync(path, `${example.code}\n`);
    paths.set(example.id, path);
  }
  return paths;
}

/**
 * The compiler settings of a user's strict Node project (`module`/`moduleResolution` `NodeNext`), plus the
 * `@tsc/source` condition so `@tsc/<pkg>` resolves to the packages' sources without a build, as in the tests.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  customConditions: ['@tsc/source'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
};

/** Ambient declarations the packages' sources rely on (the tsconfig `include`s of the packages). */
const AMBIENT = [join(repositoryRoot, 'packages', 'mcap-utils', 'src', 'types', 'lz4js.d.ts')];

/** Type-checks the example files in one program; returns each file's errors, formatted (empty when it compiles). */
export function typeCheckExampleFiles(paths: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram({ rootNames: [...paths, ...AMBIENT], options: COMPILER_OPTIONS });
  const errors = new Map<string, string[]>();
  for (const path of paths) {
    const file = program.getSourceFile(path)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    errors.set(
      path,
      diagnostics.map((diagnostic) => {
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      }),
    );
  }
  return errors;
}
