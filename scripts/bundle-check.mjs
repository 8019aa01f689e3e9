// The browser half of the package gate: bundles a package's built main entry (dist/index.js) the way an
// application would, with esbuild and with Vite at their defaults (no externals, loaders or polyfills),
// and reports every error, every Node built-in the bundle would need and every Vite warning that a module
// was "externalized for browser compatibility".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { createLogger, build as viteBuild } from 'vite';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** A consumer's entry that keeps every export of the bundled module alive. */
function writeEntry(dir, distEntry) {
  const entry = join(dir, 'main.js');
  writeFileSync(entry, `import * as library from ${JSON.stringify(distEntry)};\nglobalThis.library = library;\n`);
  return entry;
}

async function checkEsbuild(entry) {
  const problems = [];
  try {
    const result = await esbuild({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      splitting: true,
      outdir: join(entry, '..', 'esbuild-out'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    for (const output of Object.values(result.metafile.outputs)) {
      for (const imported of output.imports) {
        if (imported.external || NODE_BUILTINS.has(imported.path)) problems.push(`imports ${imported.path}`);
      }
    }
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    return { problems, bytes };
  } catch (error) {
    for (const message of error.errors ?? [{ text: String(error) }])
      problems.push(`${message.text}${message.location ? ` (${message.location.file})` : ''}`);
    return { problems, bytes: 0 };
  }
}

async function checkVite(entry) {
  const problems = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  const warn = (message) => {
    if (/externalized for browser compatibility|node:/i.test(message)) problems.push(message.split('\n')[0]);
  };
  logger.warn = warn;
  logger.warnOnce = warn;
  logger.error = (message) => problems.push(message.split('\n')[0]);
  try {
    const output = await viteBuild({
      configFile: false,
      root: join(entry, '..'),
      logLevel: 'warn',
      customLogger: logger,
      build: { write: false, rollupOptions: { input: entry }, reportCompressedSize: false },
    });
    const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output ?? []);
    let bytes = 0;
    for (const chunk of outputs) {
      if (chunk.type !== 'chunk') continue;
      bytes += chunk.code.length;
      for (const imported of [...chunk.imports, ...chunk.dynamicImports])
        if (NODE_BUILTINS.has(imported) || imported.includes('__vite-browser-external'))
          problems.push(`imports ${imported}`);
      if (chunk.code.includes('__vite-browser-external')) problems.push('contains a __vite-browser-external stub');
    }
    return { problems, bytes };
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
    return { problems, bytes: 0 };
  }
}

/**
 * Bundles `distEntry` with esbuild and Vite as a browser application would.
 * @returns the problems per bundler (empty when clean) and the bundle sizes in bytes.
 */
export async function checkBrowserBundle(distEntry) {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-bundle-'));
  try {
    const entry = writeEntry(dir, distEntry);
    return { esbuild: await checkEsbuild(entry), vite: await checkVite(entry) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const distEntry of process.argv.slice(2)) {
    const result = await checkBrowserBundle(distEntry);
    console.log(distEntry, JSON.stringify(result, null, 2));
  }
}
