import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Where a child process gets its store: `module` is imported there (an absolute file URL, or
 * `import.meta.resolve('your-package')` from your test), and its export `export` is called with
 * `options`, which must survive `JSON.stringify`.
 *
 * @example
 * ```ts
 * const store: FleetStore = {
 *   module: import.meta.resolve('@acme/cache-store'),
 *   export: 'acmeStore',
 *   options: { url: 'redis://127.0.0.1:6379', prefix: 'fleet:' },
 * };
 * ```
 */
export interface FleetStore {
  readonly module: string;
  readonly export: string;
  readonly options: unknown;
}

/**
 * Options of {@link startFleetInstance}.
 *
 * @example
 * ```ts
 * const options: FleetInstanceOptions = { store, lock: { ttl: 5_000, wait: 5_000 } };
 * ```
 */
export interface FleetInstanceOptions {
  readonly store: FleetStore;
  /** The cache's `lock` option, in milliseconds. */
  readonly lock: { readonly ttl: number; readonly wait: number };
  /** Node arguments of the child, such as a TypeScript loader (`['--import', 'tsx']`). @default [] */
  readonly execArgv?: readonly string[];
}

/**
 * What one {@link FleetInstance.run} saw once all its callers settled.
 *
 * @example
 * ```ts
 * const { computations, rejected, values } = await instance.run('cold', 125, 20);
 * ```
 */
export interface FleetRunResult {
  /** How many times this process's factory ran. */
  readonly computations: number;
  readonly rejected: number;
  /** The distinct values the callers got. */
  readonly values: readonly unknown[];
  /** `Date.now()` in the child when the last caller settled. */
  readonly at: number;
}

/**
 * A cache (memory L1, your store, locks on) in a child process.
 *
 * @example
 * ```ts
 * const instance = await startFleetInstance({ store, lock: { ttl: 5_000, wait: 5_000 } });
 * const result = await instance.run('cold', 125, 20);
 * instance.kill();
 * ```
 */
export interface FleetInstance {
  readonly pid: number;
  /**
   * Starts `callers` concurrent `getOrCompute(key)` whose factory takes `factoryMs` (negative:
   * never ends) and resolves once they all settled.
   */
  run(key: string, callers: number, factoryMs: number): Promise<FleetRunResult>;
  /** Resolves when this process's factory starts for the first time. */
  readonly computing: Promise<void>;
  /** SIGKILLs the process (nothing is released: a lease it holds ends by expiry). */
  kill(): void;
}

const childScript = fileURLToPath(
  new URL(`./fleet-instance${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/**
 * Starts one cache instance in its own process and resolves once it is ready: processes, not
 * caches in one process, so that single flight is proven across instances that share nothing but
 * the store's server.
 *
 * @example
 * ```ts
 * const fleet = await Promise.all(
 *   Array.from({ length: 8 }, () => startFleetInstance({ store, lock: { ttl: 5_000, wait: 5_000 } })),
 * );
 * const results = await Promise.all(fleet.map((instance) => instance.run('cold', 125, 20)));
 * ```
 */
export function startFleetInstance(options: FleetInstanceOptions): Promise<FleetInstance> {
  const child: ChildProcess = spawn(process.execPath, [...(options.execArgv ?? []), childScript], {
    env: {
      ...process.env,
      MULTI_TIER_CACHE_FLEET_INSTANCE: JSON.stringify({ store: options.store, lock: options.lock }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onDone: (result: FleetRunResult) => void = () => {};
  let onComputing!: () => void;
  const computing = new Promise<void>((resolve) => {
    onComputing = resolve;
  });
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code, signal) =>
      rejectStart(new Error(`fleet instance exited (${signal ?? code}) before it was ready`)),
    );
    child.once('error', rejectStart);
    child.on('message', (message: { ready?: boolean; computing?: boolean; done?: boolean }) => {
      if (message.ready) resolveStart(instance);
      if (message.computing) onComputing();
      if (message.done) onDone(message as unknown as FleetRunResult);
    });
    const instance: FleetInstance = {
      pid: child.pid!,
      computing,
      run(key, callers, factoryMs) {
        return new Promise((resolve) => {
          onDone = resolve;
          child.send({ key, callers, factoryMs });
        });
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  });
}
