#!/usr/bin/env node
// `pnpm setup:native`: makes @tensorflow/tfjs-node (the native TensorFlow backend) loadable on a machine where its
// own install script cannot download libtensorflow (offline machines, or pnpm 10, which skips build scripts).
// It builds the addon from source against the TensorFlow C library of the `tensorflow-cpu` wheel fetched with pip
// (toolchain notes §3):
//   1. the wheel is downloaded once into the cache ($TSC_NATIVE_CACHE, else ~/.cache/tsc-native);
//   2. its C library (stripped) and the C API headers are unpacked once into the cache;
//   3. tfjs-node's deps/lib and deps/include point at them, with the file names its build expects;
//   4. node-pre-gyp builds lib/napi-v8/tfjs_binding.node against Node's own headers (nothing is downloaded).
// Idempotent: when tfjs-node already loads it says so and stops (`--force` rebuilds). When a step cannot run, it
// says why and exits 0 leaving the project on wasm, so CI continues; `--strict` exits 3 instead.
// On a machine with internet, `npm install @tensorflow/tfjs-node` does all of this by itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TENSORFLOW_WHEEL_VERSION = '2.21.0';
/** The libtensorflow version tfjs-node 4.22 was built for: its scripts look for these file names. */
const LIBTENSORFLOW_NAME_VERSION = '2.9.1';
const STRICT_EXIT_CODE = 3;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const cacheDir = process.env.TSC_NATIVE_CACHE || join(homedir(), '.cache', 'tsc-native');

/** A step that cannot run: the message says why and what to do. */
class SetupError extends Error {}

function say(message) {
  console.log(`setup:native: ${message}`);
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
  if (result.error) throw new SetupError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new SetupError(`${command} ${commandArgs.join(' ')} exited with ${result.status}:\n${output}`);
  }
  return result.stdout ?? '';
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The tfjs-node folder as @tsc/ast-model resolves it (the package whose backend loader imports it). */
function tfjsNodeDir() {
  const require = createRequire(join(root, 'packages', 'ast-model', 'package.json'));
  try {
    return dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    throw new SetupError('@tensorflow/tfjs-node is not installed in packages/ast-model: run `pnpm install` first');
  }
}

/**
 * Loads tfjs-node in a child process (a failed native load can abort the process) and returns the backend tfjs
 * then runs, with a 256×256 matMul checked against its closed form, or the load error.
 */
function probe(packageDir) {
  const script = `
    const tf = require(${JSON.stringify(packageDir)});
    const a = tf.fill([256, 256], 0.5);
    const sum = tf.sum(tf.matMul(a, a)).dataSync()[0];
    if (Math.abs(sum - 256 ** 3 * 0.25) > 1) throw new Error('matMul check failed: sum ' + sum);
    console.log(tf.getBackend() + ' ' + tf.version_core);`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (result.status === 0) return { backend: result.stdout.trim().split('\n').at(-1) };
  const line = `${result.stderr}`.split('\n').find((text) => /^\w*Error\b/.test(text));
  return { error: line?.slice(0, 300) ?? `exit ${result.status}` };
}

function checkPrerequisites() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError(
      `the wheel recipe covers linux x64 only (this is ${process.platform} ${process.arch}); ` +
        'with internet, `npm install @tensorflow/tfjs-node` fetches a prebuilt library',
    );
  }
  const missing = ['python3', 'make', 'g++'].filter((command) => !hasCommand(command));
  if (missing.length > 0)
    throw new SetupError(`missing build tools: ${missing.join(', ')} (apt-get install build-essential python3)`);
  const nodeDir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
    throw new SetupError(`Node's headers are not in ${nodeDir}/include/node: node-gyp would download them`);
  }
  return nodeDir;
}

/** The cached wheel, downloaded with pip when missing. */
function wheel() {
  const find = () =>
    existsSync(cacheDir)
      ? readdirSync(cacheDir).find(
          (name) => name.startsWith(`tensorflow_cpu-${TENSORFLOW_WHEEL_VERSION}-`) && name.endsWith('.whl'),
        )
      : undefined;
  const cached = find();
  if (cached !== undefined) {
    say(`wheel: ${join(cacheDir, cached)} (cached)`);
    return join(cacheDir, cached);
  }
  mkdirSync(cacheDir, { recursive: true });
  say(`wheel: pip download tensorflow-cpu==${TENSORFLOW_WHEEL_VERSION} into ${cacheDir} (about 274 MB)`);
  const pip = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', cacheDir];
  const spec = `tensorflow-cpu==${TENSORFLOW_WHEEL_VERSION}`;
  try {
    run('python3', [...pip, spec]);
  } catch {
    // The C library does not depend on the Python version: accept the CPython 3.11 wheel whatever python3 is.
    run('python3', [...pip, '--python-version', '3.11', '--platform', 'manylinux_2_27_x86_64', spec]);
  }
  const downloaded = find();
  if (downloaded === undefined) throw new SetupError(`pip reported success but no wheel is in ${cacheDir}`);
  return join(cacheDir, downloaded);
}

/** Unpacks the wheel's C library (stripped) and C API headers once into the cache; returns that folder. */
function libtensorflow(wheelPath) {
  const target = join(cacheDir, `libtensorflow-${TENSORFLOW_WHEEL_VERSION}`);
  if (existsSync(join(target, 'lib', 'libtensorflow_cc.so.2'))) {
    say(`C library: ${target} (cached)`);
    return target;
  }
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'lib'), { recursive: true });
  say(`C library: unpacking libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers into ${target}`);
  const libraries = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'];
  run('unzip', ['-q', '-o', '-j', wheelPath, ...libraries, '-d', join(staging, 'lib')]);
  const headers = [
    'tensorflow/include/tensorflow/c/*',
    'tensorflow/include/tensorflow/core/platform/ctstring*',
    'tensorflow/include/tsl/platform/ctstring*',
    'tensorflow/include/xla/tsl/c/*',
  ];
  run('unzip', ['-q', '-o', wheelPath, ...headers, '-d', join(staging, 'unpacked')]);
  renameSync(join(staging, 'unpacked', 'tensorflow', 'include'), join(staging, 'include'));
  rmSync(join(staging, 'unpacked'), { recursive: true });
  if (hasCommand('strip'))
    run('strip', ['--strip-unneeded', ...readdirSync(join(staging, 'lib')).map((f) => join(staging, 'lib', f))]);
  const link = (name, to) => symlinkSync(to, join(staging, 'lib', name));
  for (const suffix of ['', `.${LIBTENSORFLOW_NAME_VERSION}`]) {
    link(`libtensorflow.so${suffix}`, 'libtensorflow_cc.so.2');
    link(`libtensorflow_framework.so${suffix}`, 'libtensorflow_framework.so.2');
  }
  renameSync(staging, target);
  return target;
}

/** Points tfjs-node's deps at the cached library and builds its addon from source. */
function buildAddon(packageDir, library, nodeDir) {
  const deps = join(packageDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(deps);
  symlinkSync(join(library, 'lib'), join(deps, 'lib'));
  symlinkSync(join(library, 'include'), join(deps, 'include'));
  const require = createRequire(join(packageDir, 'package.json'));
  const preGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
  const env = { ...process.env, npm_config_nodedir: nodeDir };
  const npmGyp = join(nodeDir, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(npmGyp)) env.npm_config_node_gyp = npmGyp;
  else if (!hasCommand('node-gyp')) throw new SetupError(`node-gyp not found (neither ${npmGyp} nor on the PATH)`);
  say(`addon: node-pre-gyp install --build-from-source in ${packageDir} (a minute or two)`);
  const started = performance.now();
  run(process.execPath, [preGyp, 'install', '--build-from-source'], { cwd: packageDir, env });
  say(`addon: built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
  const packageDir = tfjsNodeDir();
  const before = probe(packageDir);
  if (before.backend !== undefined && !args.has('--force')) {
    say(`@tensorflow/tfjs-node already loads (${packageDir}); nothing to do (--force rebuilds)`);
    say(`backend: ${before.backend}`);
    return;
  }
  say(`@tensorflow/tfjs-node does not load yet: ${before.error ?? 'rebuild forced'}`);
  const nodeDir = checkPrerequisites();
  const library = libtensorflow(wheel());
  buildAddon(packageDir, library, nodeDir);
  const after = probe(packageDir);
  if (after.backend === undefined) throw new SetupError(`the addon was built but does not load: ${after.error}`);
  say(`backend: ${after.backend} (tfjs-node now loads; @tsc/ast-model selects it automatically)`);
}

try {
  main();
} catch (error) {
  // Any failure (a missing tool, pip, the disk) leaves the project on wasm; unexpected ones keep their class name.
  const reason = error instanceof SetupError ? error.message : `${error?.name}: ${error?.message ?? error}`;
  say(`native backend NOT set up: ${reason}`);
  say('the project stays on the wasm backend (everything works, training is slower)');
  process.exitCode = args.has('--strict') ? STRICT_EXIT_CODE : 0;
}
