#!/usr/bin/env node
// The consumer test: packs every publishable package (after `pnpm build`), installs the tarballs with
// `npm install --engine-strict` into a temporary project outside the workspace, checks that every installed
// package's `engines` admit our own minimum Node version, type-checks consumer/use-packages.ts (strict, NodeNext)
// against the packed declarations and runs it, require()s every entry point, and runs the packed `tscls --help`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import semver from 'semver';

const root = resolve(import.meta.dirname, '..');
const rootManifest = readJson(join(root, 'package.json'));
const nodeRange = rootManifest.engines.node;

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function run(command, args, cwd) {
  console.log(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd, stdio: 'inherit' });
}

/** Packs every public package into `dir`; returns their manifests and tarball paths. */
function packAll(dir) {
  const packed = [];
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const packageDir = join(root, 'packages', name);
    const manifest = readJson(join(packageDir, 'package.json'));
    if (manifest.private) continue;
    const before = new Set(readdirSync(dir));
    execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: packageDir, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((file) => !before.has(file));
    packed.push({ manifest, tarball: join(dir, tarball) });
  }
  return packed;
}

/** Every package.json under node_modules (scoped and nested included). */
function* installedManifests(nodeModules) {
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedManifests(dir);
      continue;
    }
    try {
      yield { dir, manifest: readJson(join(dir, 'package.json')) };
    } catch {
      continue;
    }
    try {
      yield* installedManifests(join(dir, 'node_modules'));
    } catch {}
  }
}

/** Node versions our range admits, at the edges of each release line: the ones every dependency must admit too. */
const nodeVersionsToAdmit = ['20.19.0', '20.99.0', '22.12.0', '22.99.0', '23.0.0', '24.0.0', '25.0.0', '26.0.0'].filter(
  (version) => semver.satisfies(version, nodeRange),
);

/** Installed packages whose `engines.node` rejects one of `nodeVersionsToAdmit`. */
function enginesOutsideRange(nodeModules) {
  const problems = [];
  for (const { manifest } of installedManifests(nodeModules)) {
    const engine = manifest.engines?.node;
    if (typeof engine !== 'string' || engine.trim() === '') continue;
    const rejected = nodeVersionsToAdmit.filter((version) => !semver.satisfies(version, engine));
    if (rejected.length > 0) {
      problems.push(`${manifest.name}@${manifest.version} needs node ${engine} (rejects ${rejected.join(', ')})`);
    }
  }
  return problems;
}

/** The entry points of a manifest's `exports`, as specifiers (`@tsc/x`, `@tsc/x/node`), JSON files left out. */
function entryPoints(manifest) {
  return Object.keys(manifest.exports)
    .filter((key) => !key.endsWith('.json'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

const work = mkdtempSync(join(tmpdir(), 'tsc-consumer-'));
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = packAll(tarballs);
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'tsc-consumer',
        private: true,
        type: 'module',
        engines: { node: nodeRange },
        dependencies: Object.fromEntries(packed.map(({ manifest, tarball }) => [manifest.name, `file:${tarball}`])),
        devDependencies: {
          typescript: rootManifest.devDependencies.typescript,
          '@types/node': rootManifest.devDependencies['@types/node'],
        },
      },
      null,
      2,
    )}\n`,
  );
  run('npm', ['install', '--engine-strict', '--no-audit', '--no-fund', '--loglevel=error'], project);

  const problems = enginesOutsideRange(join(project, 'node_modules'));
  if (problems.length > 0) throw new Error(`dependencies outside node ${nodeRange}:\n  ${problems.join('\n  ')}`);
  console.log(`every installed package admits node ${nodeVersionsToAdmit.join(', ')}`);

  for (const file of ['use-packages.ts', 'require-packages.cjs', 'tsconfig.json']) {
    copyFileSync(join(import.meta.dirname, 'consumer', file), join(project, file));
  }
  run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], project);
  run(process.execPath, ['out/use-packages.js'], project);
  const entries = packed.flatMap(({ manifest }) => entryPoints(manifest));
  run(process.execPath, ['require-packages.cjs', JSON.stringify(entries)], project);
  run(join(project, 'node_modules', '.bin', 'tscls'), ['--help'], project);
  console.log('consumer test passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
