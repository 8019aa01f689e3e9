import { TscError } from './tsc-error.js';

/**
 * Checks the error classes among a module's exports (for a package's tests): returns one line per class that
 * declares no marker of its own (`static override readonly marker = Symbol.for('tsc.error.<Name>')`), or whose
 * marker is not `Symbol.for('tsc.error.<its name>')`. Empty when every exported error class is marked.
 * A package's `src/error-markers.test.ts` expects it to be empty for the exports of its entries.
 */
export function unmarkedErrorClasses(moduleExports: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(moduleExports)) {
    if (typeof value !== 'function' || value === TscError) continue;
    if (!Object.prototype.isPrototypeOf.call(TscError, value)) continue;
    if (!Object.hasOwn(value, 'marker')) problems.push(`${name}: no marker of its own`);
    else if ((value as typeof TscError).marker !== Symbol.for(`tsc.error.${value.name}`))
      problems.push(`${name}: marker ${String((value as typeof TscError).marker)}`);
  }
  return problems;
}
