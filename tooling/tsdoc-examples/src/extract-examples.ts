import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One `@example` code block of a package's TSDoc. */
export interface TsdocExample {
  /** The package folder name, e.g. `mcap-utils` (the package is `@tsc/<package>`). */
  readonly package: string;
  /** The source file, relative to the repository root, e.g. `packages/mcap-utils/src/npy.ts`. */
  readonly file: string;
  /** The 1-based line of the `@example` tag in `file`. */
  readonly line: number;
  /** The exported name the doc comment documents (`export … <name>` after the comment), or its member's name. */
  readonly symbol: string;
  /** A stable name: `<package>/<file below src>:<symbol>`, with `#2`, `#3` … for further examples of one symbol. */
  readonly id: string;
  /** The TypeScript code between the ```` ```ts ```` fences, without the comment's ` * ` prefixes. */
  readonly code: string;
}

/** The repository root (two levels above `tooling/tsdoc-examples`). */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/**
 * The private packages under `tooling/` whose code the published packages bundle and re-export (`TscError`,
 * `InvalidArgumentError`, `SeededRandom`, `writeFileAtomic`, …): their examples are checked too, importing the
 * published packages as users do.
 */
export const BUNDLED_TOOLING = ['errors', 'shared'] as const;

/** The sources of `name`: `tooling/<name>/src` for {@link BUNDLED_TOOLING}, else `packages/<name>/src`. */
function sourceDir(name: string): string {
  const bundled = (BUNDLED_TOOLING as readonly string[]).includes(name);
  return join(repositoryRoot, bundled ? 'tooling' : 'packages', name, 'src');
}

/** The package folders under `packages/`, e.g. `['ast-model', 'cli', …]`. */
export function packageNames(): string[] {
  return readdirSync(join(repositoryRoot, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every `.ts` source file below `dir` except tests (`*.test.ts`, `*.test-d.ts`, test helpers). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.test(-d|-helper)?\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const EXAMPLE = /@example[ \t]*\n((?:[ \t]*\*.*\n)*?)[ \t]*\*[ \t]*```ts[ \t]*\n([\s\S]*?)\n[ \t]*\*[ \t]*```/g;

/** The name declared right after the doc comment that ends after `offset`. */
function documentedSymbol(source: string, offset: number): string {
  const end = source.indexOf('*/', offset);
  const declaration =
    /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:static\s+)?(?:readonly\s+)?(?:function\*?|class|const|let|interface|type|enum)?\s*([A-Za-z_$][\w$]*)/.exec(
      source.slice(end + 2),
    );
  return declaration?.[1] ?? '?';
}

/** Every `@example` with a ```` ```ts ```` block in the sources of `packages/<name>/src` (or a bundled `tooling/<name>/src`), in file order. */
export function extractExamples(name: string): TsdocExample[] {
  const srcDir = sourceDir(name);
  const examples: TsdocExample[] = [];
  const seen = new Map<string, number>();
  for (const path of sourceFiles(srcDir)) {
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(EXAMPLE)) {
      const symbol = documentedSymbol(source, match.index);
      const base = `${name}/${relative(srcDir, path)}:${symbol}`;
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      examples.push({
        package: name,
        file: relative(repositoryRoot, path),
        line: source.slice(0, match.index).split('\n').length,
        symbol,
        id: count === 1 ? base : `${base}#${count}`,
        code: match[2]!.replace(/^[ \t]*\* ?/gm, ''),
      });
    }
  }
  return examples;
}

/** How many `@example` tags `packages/<name>/src` (or a bundled `tooling/<name>/src`) holds, with or without a ```` ```ts ```` block. */
export function countExampleTags(name: string): number {
  const srcDir = sourceDir(name);
  return sourceFiles(srcDir).reduce(
    (count, path) => count + (readFileSync(path, 'utf8').match(/@example\b/g)?.length ?? 0),
    0,
  );
}
