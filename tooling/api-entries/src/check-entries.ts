import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The subpath that holds a package's internals shared with the other `@tsc` packages. */
export const INTERNAL_SUBPATH = './internal';

/** What the `./internal` entry of `packages/<name>/package.json` must be, condition by condition. */
export const INTERNAL_EXPORT = {
  '@tsc/source': './src/internal.ts',
  types: './dist/internal.d.ts',
  default: './dist/internal.js',
} as const;

/** One published package: its folder, its name and its entries (subpath → source file). */
export interface PackageEntries {
  /** The package folder, e.g. `/repo/packages/mcap-utils`. */
  readonly dir: string;
  /** The package name, e.g. `@tsc/mcap-utils`. */
  readonly name: string;
  /** Each `exports` subpath with a `@tsc/source` condition and the absolute path of its source file. */
  readonly entries: ReadonlyMap<string, string>;
  /** The parsed `exports` of its package.json. */
  readonly exports: Readonly<Record<string, unknown>>;
}

/** The published packages under `<root>/packages`: those whose package.json is not `private`. */
export function publishedPackages(root: string): PackageEntries[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        private?: boolean;
        exports?: Record<string, unknown>;
      };
      const exports = manifest.exports ?? {};
      const entries = new Map<string, string>();
      for (const [subpath, target] of Object.entries(exports)) {
        const source = (target as { '@tsc/source'?: unknown } | null)?.['@tsc/source'];
        if (typeof source === 'string') entries.set(subpath, join(dir, source));
      }
      return { dir, name: manifest.name, entries, exports, isPrivate: manifest.private === true };
    })
    .filter((entry) => !entry.isPrivate);
}

/** Whether a declaration carries an `@internal` TSDoc tag (on itself or, for a variable, on its statement). */
function isInternalDeclaration(declaration: ts.Declaration): boolean {
  return ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal');
}

/** Every name an entry file exports, with whether its declaration is tagged `@internal`. */
function exportedNames(checker: ts.TypeChecker, sourceFile: ts.SourceFile): Map<string, boolean> {
  const names = new Map<string, boolean>();
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (moduleSymbol === undefined) return names;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    names.set(symbol.name, (target.declarations ?? []).some(isInternalDeclaration));
  }
  return names;
}

/** A program over every entry file, resolved with the workspace's settings (the `@tsc/source` condition). */
function entryProgram(files: readonly string[]): ts.Program {
  return ts.createProgram(files, {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    customConditions: ['@tsc/source'],
    allowJs: false,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
}

/**
 * Problems with the names the entries export: a public entry (`.`, `./node`, `./testing`, …) that exports a name
 * tagged `@internal`, or an `./internal` entry that exports a name not tagged `@internal`.
 */
function exportProblems(packages: readonly PackageEntries[], root: string): string[] {
  const program = entryProgram(packages.flatMap((entry) => [...entry.entries.values()]));
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const { name, entries } of packages) {
    for (const [subpath, file] of entries) {
      const sourceFile = program.getSourceFile(file);
      if (sourceFile === undefined) {
        problems.push(
          `${name}: exports["${subpath}"]: expected a source file, found nothing at ${relative(root, file)}`,
        );
        continue;
      }
      for (const [exported, internal] of exportedNames(checker, sourceFile)) {
        if (subpath !== INTERNAL_SUBPATH && internal) {
          problems.push(
            `${name}: entry "${subpath}" exports ${exported}: expected no @internal name on a public entry, found one (export it from ${name}/internal, or not at all)`,
          );
        }
        if (subpath === INTERNAL_SUBPATH && !internal) {
          problems.push(
            `${name}: entry "${subpath}" exports ${exported}: expected only names tagged @internal, found one without the tag`,
          );
        }
      }
    }
  }
  return problems;
}

/** Reads a file of the package, or `''` when it is missing. */
function readOptional(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * Problems with the `./internal` subpath of a package that has one (a `src/internal.ts`, an `./internal` export or
 * an import of `<name>/internal` somewhere): its `exports` entry, its tsup entry, and typedoc leaving it out.
 */
function internalSubpathProblems(entry: PackageEntries, imported: boolean): string[] {
  const hasSource = existsSync(join(entry.dir, 'src/internal.ts'));
  const declared = entry.exports[INTERNAL_SUBPATH];
  if (!hasSource && declared === undefined && !imported) return [];
  const problems: string[] = [];
  const where = `${entry.name}: package.json exports["${INTERNAL_SUBPATH}"]`;
  if (JSON.stringify(declared) !== JSON.stringify(INTERNAL_EXPORT)) {
    problems.push(`${where}: expected ${JSON.stringify(INTERNAL_EXPORT)}, found ${JSON.stringify(declared)}`);
  }
  if (!hasSource) problems.push(`${entry.name}: src/internal.ts: expected the ./internal entry, found nothing`);
  if (!/\binternal:\s*'src\/internal\.ts'/.test(readOptional(join(entry.dir, 'tsup.config.ts')))) {
    problems.push(`${entry.name}: tsup.config.ts: expected the entry internal: 'src/internal.ts', found none`);
  }
  if (/src\/internal\.ts/.test(readOptional(join(entry.dir, 'typedoc.json')))) {
    problems.push(
      `${entry.name}: typedoc.json entryPoints: expected no src/internal.ts (internals are not documented), found it`,
    );
  }
  return problems;
}

/** The TypeScript and JavaScript files under `dir`, outside `node_modules`, `dist` and hidden folders. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every `@tsc/<name>/internal` module specifier in the files, with the file that names it. */
function internalImports(files: readonly string[]): { file: string; packageName: string }[] {
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/['"](@tsc\/[a-z0-9-]+)\/internal['"]/g)].map((match) => ({
      file,
      packageName: match[1]!,
    })),
  );
}

/**
 * Checks the entries of every published package of the workspace at `root` and returns one line per problem (empty
 * when all is well):
 * - a public entry (`.`, `./node`, `./testing`, …) exports no name whose declaration is tagged `@internal`;
 * - an `./internal` entry exports only names tagged `@internal`;
 * - a package with internals shared through `./internal` (a `src/internal.ts`, the export, or an import of
 *   `@tsc/<name>/internal` anywhere) has the export with its three conditions, the tsup entry, and no typedoc entry;
 * - examples (`examples/`) import no `./internal` entry: they show the public API.
 */
export function checkWorkspaceEntries(root: string): string[] {
  const packages = publishedPackages(root);
  const files = ['packages', 'tooling', 'examples', 'scripts'].flatMap((dir) => sourceFiles(join(root, dir)));
  const imports = internalImports(files);
  const problems = exportProblems(packages, root);
  for (const entry of packages) {
    problems.push(
      ...internalSubpathProblems(
        entry,
        imports.some((item) => item.packageName === entry.name),
      ),
    );
  }
  const known = new Set(packages.map((entry) => entry.name));
  for (const { file, packageName } of imports) {
    const where = relative(root, file);
    if (!known.has(packageName)) {
      problems.push(`${where}: import of ${packageName}/internal: expected a published @tsc package, found none`);
    }
    if (where.startsWith('examples/')) {
      problems.push(`${where}: import of ${packageName}/internal: expected the public entries only in an example`);
    }
  }
  return problems;
}
