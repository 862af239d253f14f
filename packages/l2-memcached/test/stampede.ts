import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/stampede-instance.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one instance reports once all its callers settled. */
export interface StampedeResult {
  /** How many times this instance's factory ran. */
  readonly computations: number;
  readonly rejected: number;
  readonly values: readonly unknown[];
}

/** A cache instance with locks on in a child process (see fixtures/stampede-instance.ts). */
export interface StampedeInstance {
  /** Starts `callers` concurrent `getOrCompute(key)` whose factory takes `factoryMs`. */
  run(key: string, callers: number, factoryMs: number): Promise<StampedeResult>;
  stop(): void;
}

export function startStampedeInstance(
  storeOptions: object,
  lock: { ttlMs: number; waitMs: number },
): Promise<StampedeInstance> {
  const child = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', fixture],
    {
      cwd: root,
      env: {
        ...process.env,
        STORE_OPTIONS: JSON.stringify(storeOptions),
        LOCK_TTL_MS: String(lock.ttlMs),
        LOCK_WAIT_MS: String(lock.waitMs),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  let onDone: (result: StampedeResult) => void = () => {};
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`instance exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; done?: boolean }) => {
      if (message.ready) resolveStart(instance);
      if (message.done) onDone(message as unknown as StampedeResult);
    });
    const instance: StampedeInstance = {
      run(key, callers, factoryMs) {
        return new Promise((resolve) => {
          onDone = resolve;
          child.send({ key, callers, factoryMs });
        });
      },
      stop() {
        if (child.exitCode === null) child.kill('SIGKILL');
      },
    };
  });
}
