import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/stampede-instance.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one instance reports once all its callers settled. */
export interface StampedeResult {
  readonly rejected: number;
  readonly values: readonly unknown[];
  /** `Date.now()` when the last caller settled. */
  readonly at: number;
}

/** A cache instance with locks on in a child process (see fixtures/stampede-instance.ts). */
export interface StampedeInstance {
  readonly child: ChildProcess;
  /** Starts `callers` concurrent `getOrCompute(key)` whose factory takes `factoryMs` (< 0: never ends). */
  run(key: string, callers: number, factoryMs: number): Promise<StampedeResult>;
  /** Resolves when this instance's factory starts. */
  readonly computing: Promise<void>;
  stop(): void;
}

export function startStampedeInstance(env: {
  REDIS_URL: string;
  CLUSTER_NODES?: string;
  PREFIX: string;
  LOCK_TTL_MS: string;
  LOCK_WAIT_MS: string;
}): Promise<StampedeInstance> {
  const child = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', fixture],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let onDone: (result: StampedeResult) => void = () => {};
  let onComputing!: () => void;
  const computing = new Promise<void>((resolve) => {
    onComputing = resolve;
  });
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`instance exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; computing?: boolean; done?: boolean }) => {
      if (message.ready) resolveStart(instance);
      if (message.computing) onComputing();
      if (message.done) onDone(message as unknown as StampedeResult);
    });
    const instance: StampedeInstance = {
      child,
      computing,
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
