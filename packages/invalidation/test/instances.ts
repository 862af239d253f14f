import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/cache-instance.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A cache instance running in a child process (see fixtures/cache-instance.ts). */
export interface Instance {
  readonly name: string;
  call<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Spawns `node --conditions=@multi-tier-cache/source --import tsx fixtures/cache-instance.ts`, so
 * workspace packages resolve to their TypeScript sources, and waits until its bus is subscribed.
 */
export function startInstance(
  name: string,
  env: {
    REDIS_URL: string;
    CHANNEL: string;
    TRANSPORT?: string;
    SECRET?: string;
    FORMAT?: string;
    TRACKING?: string;
    REPLAY?: string;
  },
): Promise<Instance> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', fixture],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => rejectStart(new Error(`${name} did not start`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(new Error(`${name} exited with ${code}`));
      for (const { reject } of pending.values()) reject(new Error(`${name} exited`));
    });
    child.on(
      'message',
      (reply: {
        id: number;
        ok: boolean;
        result: unknown;
        undefined?: boolean;
        error?: string;
      }) => {
        if (reply.id === 0) {
          clearTimeout(timer);
          resolveStart(instance);
          return;
        }
        const waiter = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.ok) waiter?.resolve(reply.undefined ? undefined : reply.result);
        else waiter?.reject(new Error(`${name}: ${reply.error}`));
      },
    );
    const instance: Instance = {
      name,
      call<T>(op: string, ...args: unknown[]) {
        const id = next++;
        return new Promise<T>((resolve, reject) => {
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          child.send({ id, op, args });
        });
      },
      stop() {
        if (child.exitCode !== null) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.disconnect();
        });
      },
    };
  });
}
