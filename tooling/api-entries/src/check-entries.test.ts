import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspaceEntries, INTERNAL_EXPORT } from './check-entries.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

// The specifier is assembled so that this file itself names no `./internal` entry for the repository scan.
const DEMO_INTERNAL = ['@tsc/demo', 'internal'].join('/');

let workspace: string | undefined;

afterEach(() => {
  if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

/** Writes the files of a small workspace (path → text) into a fresh temporary folder and returns it. */
function writeWorkspace(files: Record<string, string>): string {
  workspace = mkdtempSync(join(tmpdir(), 'api-entries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

const MAIN_EXPORT = { '@tsc/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' };

/** A published package `@tsc/demo` with a public function and an internal helper used by another package. */
function demoWorkspace({ onMainEntry, withSubpath }: { onMainEntry: boolean; withSubpath: boolean }): string {
  const exports = withSubpath ? { '.': MAIN_EXPORT, './internal': INTERNAL_EXPORT } : { '.': MAIN_EXPORT };
  return writeWorkspace({
    'packages/demo/package.json': JSON.stringify({ name: '@tsc/demo', exports }),
    'packages/demo/src/helper.ts':
      '/** Pads a number. @internal */\nexport function pad(n: number): string {\n  return String(n);\n}\n',
    'packages/demo/src/api.ts': '/** The public function. */\nexport const answer = 42;\n',
    'packages/demo/src/index.ts': `export { answer } from './api.js';\n${onMainEntry ? "export { pad } from './helper.js';\n" : ''}`,
    ...(withSubpath
      ? {
          'packages/demo/src/internal.ts': "export { pad } from './helper.js';\n",
          'packages/demo/tsup.config.ts':
            "export default { entry: { index: 'src/index.ts', internal: 'src/internal.ts' } };\n",
          'packages/demo/typedoc.json': JSON.stringify({ entryPoints: ['src/index.ts'] }),
        }
      : {}),
    'packages/other/package.json': JSON.stringify({ name: '@tsc/other', exports: { '.': MAIN_EXPORT } }),
    'packages/other/src/index.ts': `import { pad } from '${withSubpath ? DEMO_INTERNAL : '@tsc/demo'}';\nexport const padded = pad(1);\n`,
  });
}

describe('checkWorkspaceEntries', () => {
  it('finds nothing wrong with the entries of this repository', () => {
    expect(checkWorkspaceEntries(repositoryRoot)).toEqual([]);
  }, 120_000);

  it('accepts internals shared through a complete ./internal subpath', () => {
    expect(checkWorkspaceEntries(demoWorkspace({ onMainEntry: false, withSubpath: true }))).toEqual([]);
  });

  it('names an @internal helper exported from a main entry', () => {
    expect(checkWorkspaceEntries(demoWorkspace({ onMainEntry: true, withSubpath: false }))).toEqual([
      '@tsc/demo: entry "." exports pad: expected no @internal name on a public entry, found one (export it from @tsc/demo/internal, or not at all)',
    ]);
  });

  it('names what an ./internal subpath lacks: the export, the build entry; and an untagged name on it', () => {
    const root = demoWorkspace({ onMainEntry: false, withSubpath: true });
    writeFileSync(
      join(root, 'packages/demo/package.json'),
      JSON.stringify({ name: '@tsc/demo', exports: { '.': MAIN_EXPORT } }),
    );
    writeFileSync(join(root, 'packages/demo/tsup.config.ts'), "export default { entry: { index: 'src/index.ts' } };\n");
    writeFileSync(
      join(root, 'packages/demo/typedoc.json'),
      JSON.stringify({ entryPoints: ['src/index.ts', 'src/internal.ts'] }),
    );
    expect(checkWorkspaceEntries(root)).toEqual([
      `@tsc/demo: package.json exports["./internal"]: expected ${JSON.stringify(INTERNAL_EXPORT)}, found undefined`,
      "@tsc/demo: tsup.config.ts: expected the entry internal: 'src/internal.ts', found none",
      '@tsc/demo: typedoc.json entryPoints: expected no src/internal.ts (internals are not documented), found it',
    ]);
    const tagged = demoWorkspace({ onMainEntry: false, withSubpath: true });
    writeFileSync(join(tagged, 'packages/demo/src/internal.ts'), "export { answer } from './api.js';\n");
    expect(checkWorkspaceEntries(tagged)).toEqual([
      '@tsc/demo: entry "./internal" exports answer: expected only names tagged @internal, found one without the tag',
    ]);
  });

  it('refuses an ./internal import in an example, and of a package that does not exist', () => {
    const root = demoWorkspace({ onMainEntry: false, withSubpath: true });
    const unknown = ['@tsc/nothing', 'internal'].join('/');
    writeFileSync(join(root, 'packages/other/src/extra.ts'), `export { x } from '${unknown}';\n`);
    mkdirSync(join(root, 'examples/use'), { recursive: true });
    writeFileSync(
      join(root, 'examples/use/main.ts'),
      `import { pad } from '${DEMO_INTERNAL}';\nconsole.log(pad(2));\n`,
    );
    expect(checkWorkspaceEntries(root)).toEqual([
      'packages/other/src/extra.ts: import of @tsc/nothing/internal: expected a published @tsc package, found none',
      'examples/use/main.ts: import of @tsc/demo/internal: expected the public entries only in an example',
    ]);
  });
});
