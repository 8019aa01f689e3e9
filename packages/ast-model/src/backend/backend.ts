import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors.js';
import { registerAddGradient } from '../kernels/add-gradient.js';
import { registerBatchMatMulGradient } from '../kernels/batch-mat-mul-gradient.js';

/** A TensorFlow.js backend this package can select. */
export type AstBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Options of {@link initializeBackend}. */
export interface InitializeBackendOptions {
  /**
   * Force a backend. Defaults to the `TSC_TFJS_BACKEND` environment variable when set, else automatic selection:
   * `tensorflow` (tfjs-node) when installed and loadable, else `wasm` (SIMD), else `cpu`.
   */
  backend?: AstBackendName;
  /**
   * Where the wasm binaries are served from in a browser (passed to `setWasmPaths` of
   * `@tensorflow/tfjs-backend-wasm`), e.g. `'/static/tfjs-wasm/'`. Defaults to `undefined`: in Node the binaries are
   * read from `node_modules`, in a browser the bundler must serve them beside the script.
   */
  wasmPaths?: string;
  /** Called once with the chosen backend and why. Defaults to no report. */
  onReport?: (report: BackendReport) => void;
}

/** A backend automatic selection passed over. */
export interface SkippedBackend {
  /** The backend. */
  backend: AstBackendName;
  /** Why it was skipped (e.g. the load error). */
  reason: string;
}

/** What {@link initializeBackend} chose. */
export interface BackendReport {
  /** The active backend. */
  backend: AstBackendName;
  /** How it was chosen: `option`, `environment` (`TSC_TFJS_BACKEND`) or `automatic`. */
  source: 'option' | 'environment' | 'automatic';
  /** Backends tried before and why they were skipped. */
  skipped: SkippedBackend[];
  /** Whether the wasm backend runs with SIMD (only meaningful for `wasm`). */
  simd: boolean;
}

const backendNames: readonly AstBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let chosen: Promise<BackendReport> | undefined;
let cpuWarned = false;

/** Prints `message` once per process as a console warning (the first cpu notice wins). */
function warnOnceAboutCpu(message: string): void {
  if (cpuWarned) return;
  cpuWarned = true;
  console.warn(`@tsc/ast-model: ${message}`);
}

/** Reads `TSC_TFJS_BACKEND` without assuming a `process` global (browsers have none). */
export function backendFromEnvironment(): string | undefined {
  const processLike = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = processLike?.env?.TSC_TFJS_BACKEND;
  return value === undefined || value === '' ? undefined : value;
}

function isNode(): boolean {
  const processLike = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof processLike?.versions?.node === 'string';
}

/** Hides TensorFlow's C++ start-up lines unless the user set a log level. */
function quietTensorflowLog(): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env !== undefined && env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '2';
}

async function tryTensorflow(): Promise<string | undefined> {
  if (!isNode()) return 'not running in Node';
  // A computed specifier keeps bundlers from resolving the optional native package.
  const specifier = ['@tensorflow', 'tfjs-node'].join('/');
  quietTensorflowLog();
  try {
    await import(/* @vite-ignore */ specifier);
  } catch (error) {
    return `cannot load ${specifier}: ${(error as Error).message.split('\n')[0]}`;
  }
  if (!(await tf.setBackend('tensorflow'))) return 'tf.setBackend("tensorflow") returned false';
  return undefined;
}

async function tryWasm(wasmPaths: string | undefined): Promise<string | undefined> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
  } catch (error) {
    return `cannot load @tensorflow/tfjs-backend-wasm: ${(error as Error).message.split('\n')[0]}`;
  }
  try {
    if (!(await tf.setBackend('wasm'))) return 'tf.setBackend("wasm") returned false';
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

async function tryBackend(name: AstBackendName, wasmPaths: string | undefined): Promise<string | undefined> {
  if (name === 'tensorflow') return tryTensorflow();
  if (name === 'wasm') return tryWasm(wasmPaths);
  return (await tf.setBackend('cpu')) ? undefined : 'tf.setBackend("cpu") returned false';
}

/**
 * Selects and activates a backend now, without the once-per-process memo of {@link initializeBackend} (which most
 * callers want). Exposed for tests and tools.
 */
export async function selectBackend(options: InitializeBackendOptions = {}): Promise<BackendReport> {
  registerBatchMatMulGradient();
  registerAddGradient();
  const fromEnvironment = backendFromEnvironment();
  const requested = options.backend ?? fromEnvironment;
  const source: BackendReport['source'] =
    options.backend !== undefined ? 'option' : fromEnvironment !== undefined ? 'environment' : 'automatic';
  const skipped: BackendReport['skipped'] = [];
  if (requested !== undefined) {
    if (!backendNames.includes(requested as AstBackendName)) {
      throw new BackendUnavailableError(requested, `unknown backend; expected one of ${backendNames.join(', ')}`);
    }
    const reason = await tryBackend(requested as AstBackendName, options.wasmPaths);
    if (reason !== undefined) throw new BackendUnavailableError(requested, reason);
    return report(requested as AstBackendName, source, skipped);
  }
  for (const name of backendNames) {
    const reason = await tryBackend(name, options.wasmPaths);
    if (reason === undefined) {
      if (name === 'cpu') warnOnceAboutCpu(cpuFallbackMessage(skipped));
      return report(name, source, skipped);
    }
    skipped.push({ backend: name, reason });
  }
  throw new BackendUnavailableError('cpu', skipped.map((s) => `${s.backend}: ${s.reason}`).join('; '));
}

/**
 * The backends that load here, in automatic-selection order (`tensorflow` only in Node with a loadable
 * `@tensorflow/tfjs-node`; see `pnpm setup:native`). Each is activated once to check it, then the backend active
 * before the call is restored. For tests that run on every backend, and for tools that offer a choice.
 *
 * @example
 * ```ts
 * import { loadableBackends } from '@tsc/ast-model';
 *
 * console.log(await loadableBackends()); // ['tensorflow', 'wasm', 'cpu'] after `pnpm setup:native`
 * ```
 */
export async function loadableBackends(
  options: Pick<InitializeBackendOptions, 'wasmPaths'> = {},
): Promise<AstBackendName[]> {
  const active = tf.getBackend();
  const loadable: AstBackendName[] = [];
  for (const name of backendNames) {
    if ((await tryBackend(name, options.wasmPaths)) === undefined) loadable.push(name);
  }
  if (active) await tf.setBackend(active);
  return loadable;
}

/** Why automatic selection ended on `cpu`, and what to do about it. */
function cpuFallbackMessage(skipped: readonly SkippedBackend[]): string {
  const reasons = skipped.find((s) => s.backend === 'wasm')?.reason ?? 'wasm was not tried';
  return (
    `running on TensorFlow.js's cpu backend, several times slower than wasm, because ${reasons}. ` +
    'Install @tensorflow/tfjs-backend-wasm, or choose cpu with initializeBackend({ backend: "cpu" }) or ' +
    'TSC_TFJS_BACKEND=cpu to silence this warning.'
  );
}

function report(backend: AstBackendName, source: BackendReport['source'], skipped: BackendReport['skipped']) {
  return { backend, source, skipped, simd: backend === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT') };
}

/**
 * Selects the TensorFlow.js backend once per process and returns what was chosen: `tensorflow` (tfjs-node) when it
 * is installed and loadable, else `wasm` (SIMD), else `cpu`; `options.backend` or the `TSC_TFJS_BACKEND` environment
 * variable force one. Later calls return the first choice (a later call forcing a different backend switches to it).
 * Also registers the package's BatchMatMul gradient (explicit transposes, fast on wasm).
 *
 * @example
 * ```ts
 * import { initializeBackend } from '@tsc/ast-model';
 *
 * const { backend } = await initializeBackend();
 * console.log(backend); // 'wasm' in Node without tfjs-node
 * ```
 */
export async function initializeBackend(options: InitializeBackendOptions = {}): Promise<BackendReport> {
  const previous = chosen;
  if (previous !== undefined) {
    const done = await previous;
    const requested = options.backend;
    if (requested === undefined || requested === done.backend) return done;
  }
  const next = selectBackend(options);
  chosen = next;
  try {
    const done = await next;
    options.onReport?.(done);
    return done;
  } catch (error) {
    chosen = previous;
    throw error;
  }
}

/**
 * Selects a backend on the package's first use, for its asynchronous entry points (`trainAst`, model loading): runs
 * {@link initializeBackend}'s automatic selection (wasm when `@tensorflow/tfjs-backend-wasm` is installed) unless
 * `initializeBackend` ran already or the application activated a backend other than TensorFlow.js's default `cpu`
 * itself (e.g. `tf.setBackend('webgl')` in a browser).
 * @internal
 */
export async function ensureBackend(): Promise<void> {
  if (chosen !== undefined) {
    await chosen;
    return;
  }
  const active = tf.engine().backendName as string | null | undefined;
  if (active !== undefined && active !== null && active !== 'cpu') return;
  await initializeBackend();
}

/**
 * For the package's synchronous entry points (`createAstModel`, `AstClassifier.predict`): warns once when their
 * TensorFlow.js operations are about to run on the default `cpu` backend because no backend was chosen (they cannot
 * wait for the wasm backend to start).
 * @internal
 */
export function warnIfCpuByDefault(caller: string): void {
  if (chosen !== undefined || cpuWarned) return;
  const active = tf.engine().backendName as string | null | undefined;
  const cpuComing = active === 'cpu' || ((active === undefined || active === null) && !wasmRegistered());
  if (!cpuComing) return;
  warnOnceAboutCpu(
    `${caller} runs on TensorFlow.js's cpu backend, several times slower than wasm, because no backend was ` +
      'initialised: `await initializeBackend()` first (it selects wasm when @tensorflow/tfjs-backend-wasm is ' +
      'installed), or `await initializeBackend({ backend: "cpu" })` to choose cpu and silence this warning.',
  );
}

function wasmRegistered(): boolean {
  try {
    return tf.findBackendFactory('wasm') !== null && tf.findBackendFactory('wasm') !== undefined;
  } catch {
    return false;
  }
}
