#!/usr/bin/env node
// The package gate: packs every publishable package and runs publint --strict and
// attw (ESM-only profile) on the tarball, as a consumer would receive it, and checks that the tarball carries
// the repository's LICENSE and no TypeScript sources (the source maps embed them); then bundles
// the built main entry of each package meant for browsers with esbuild and Vite at their
// defaults and fails on any error or Node built-in (scripts/bundle-check.mjs). Run after
// `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkBrowserBundle } from './bundle-check.mjs';

/** Packages whose main entry must bundle for browsers with no externals, loaders or polyfills. */
const BROWSER_PACKAGES = new Set(['@tsc/mcap-utils', '@tsc/spectrogram', '@tsc/ast-model', '@tsc/synthetic']);

const root = resolve(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const failures = [];

/** What is wrong with a tarball's file list (a missing or different LICENSE, shipped sources), or undefined. */
function checkTarballContents(tarball) {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const sources = files.filter((file) => file.startsWith('package/src/'));
  if (sources.length > 0) return `ships ${sources.length} files under src/ (e.g. ${sources[0]})`;
  if (!files.includes('package/LICENSE')) return 'has no LICENSE';
  const packed = execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' });
  return packed === license ? undefined : "LICENSE differs from the repository's";
}
for (const name of readdirSync(packagesDir).sort()) {
  const dir = join(packagesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const out = mkdtempSync(join(tmpdir(), 'tsc-gate-'));
  try {
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' });
    const tarball = join(
      out,
      readdirSync(out).find((file) => file.endsWith('.tgz')),
    );
    const contentProblem = checkTarballContents(tarball);
    if (contentProblem) {
      failures.push(`${manifest.name}: contents`);
      console.log(`FAIL ${manifest.name}: contents: ${contentProblem}`);
    } else {
      console.log(`ok   ${manifest.name}: LICENSE, no src/`);
    }
    for (const [tool, args] of [
      ['publint', ['publint', '--strict', tarball]],
      ['attw', ['attw', '--profile', 'esm-only', tarball]],
    ]) {
      try {
        execFileSync('pnpm', ['exec', ...args], { cwd: root, stdio: 'pipe' });
        console.log(`ok   ${manifest.name}: ${tool}`);
      } catch (error) {
        failures.push(`${manifest.name}: ${tool}`);
        console.log(`FAIL ${manifest.name}: ${tool}\n${error.stdout}${error.stderr}`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (BROWSER_PACKAGES.has(manifest.name)) {
    const result = await checkBrowserBundle(join(dir, 'dist', 'index.js'));
    for (const [bundler, { problems, bytes }] of Object.entries(result)) {
      if (problems.length === 0) {
        console.log(`ok   ${manifest.name}: browser bundle with ${bundler} (${(bytes / 1024).toFixed(0)} KB)`);
      } else {
        failures.push(`${manifest.name}: ${bundler}`);
        console.log(`FAIL ${manifest.name}: browser bundle with ${bundler}\n  ${problems.join('\n  ')}`);
      }
    }
  }
}
if (failures.length > 0) {
  console.error(`package gate failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('package gate passed');
