import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/batch-instance.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one call in a child reports: its factory calls (the keys of each) and its values. */
export interface BatchResult {
  readonly calls: readonly (readonly string[])[];
  readonly values: readonly unknown[];
}

/** A cache instance with locks on in a child process (see fixtures/batch-instance.ts). */
export interface BatchInstance {
  /** `getOrComputeMany(keys)` under leases, with a factory taking `factoryMs`. */
  batch(keys: readonly string[], factoryMs: number): Promise<BatchResult>;
  /** `getOrCompute(key)` with locks on, with a factory taking `factoryMs`. */
  one(key: string, factoryMs: number): Promise<BatchResult>;
  /** Resolves when a factory of this instance starts. */
  readonly computing: Promise<void>;
  stop(): void;
}

export function startBatchInstance(
  storeOptions: object,
  lock: { ttlMs: number; waitMs: number },
): Promise<BatchInstance> {
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
  const waiting = new Map<number, (result: BatchResult) => void>();
  let calls = 0;
  let onComputing!: () => void;
  const computing = new Promise<void>((resolve) => {
    onComputing = resolve;
  });
  const call = (message: object) =>
    new Promise<BatchResult>((resolve) => {
      const id = calls++;
      waiting.set(id, resolve);
      child.send({ ...message, id });
    });
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`instance exited with ${code}`)));
    type Message = { ready?: boolean; computing?: boolean; done?: number } & BatchResult;
    child.on('message', (message: Message) => {
      if (message.ready) resolveStart(instance);
      if (message.computing) onComputing();
      if (message.done !== undefined) waiting.get(message.done)?.(message);
    });
    const instance: BatchInstance = {
      computing,
      batch: (keys, factoryMs) => call({ op: 'batch', keys, factoryMs }),
      one: (key, factoryMs) => call({ op: 'one', key, factoryMs }),
      stop() {
        if (child.exitCode === null) child.kill('SIGKILL');
      },
    };
  });
}
