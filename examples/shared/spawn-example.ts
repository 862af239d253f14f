import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The examples folder: `tsx` is resolved from here. */
export const EXAMPLES_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Node flags every example runs with: workspace packages resolve to their TypeScript sources
 * (the `@multi-tier-cache/source` export condition) and tsx compiles them on the fly.
 */
export const NODE_FLAGS = ['--conditions=@multi-tier-cache/source', '--import', 'tsx'] as const;

/**
 * Starts a TypeScript file of the examples in a new Node process with {@link NODE_FLAGS}.
 *
 * @example
 * ```ts
 * const child = spawnTs('cross-instance-invalidation/worker.ts', { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
 * ```
 */
export function spawnTs(file: string, options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...NODE_FLAGS, file], { cwd: EXAMPLES_DIR, ...options });
}
