import { requireBinary } from './binaries.js';
import { freePort } from './free-port.js';
import { ServerProcess } from './server-process.js';
import { ask, waitUntil } from './wait-for.js';

/** Options of {@link startMemcached}. */
export interface MemcachedServerOptions {
  /** Memory limit in MiB (`-m`). @default 64 */
  readonly memoryMb?: number;
  /** Largest item (`-I`), e.g. '1m'. @default memcached's own (1 MiB) */
  readonly itemSizeLimit?: string;
  /** Port to listen on. @default a free loopback port */
  readonly port?: number;
}

/**
 * A real memcached on a loopback port.
 *
 * @example
 * ```ts
 * const memcached = await startMemcached();
 * const store = memcachedStore({ servers: [memcached.address] });
 * ```
 */
export interface MemcachedServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:port` */
  readonly address: string;
  /** `memcached://127.0.0.1:port` */
  readonly url: string;
  readonly process: ServerProcess;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function waitForMemcached(port: number, server: ServerProcess): Promise<void> {
  await waitUntil(`memcached on port ${port}\n${server.output}`, async () =>
    (await ask(port, 'version\r\n')).startsWith('VERSION'),
  );
}

/**
 * Starts memcached on a free loopback port and waits until it answers `version`.
 *
 * @example
 * ```ts
 * const memcached = await startMemcached({ memoryMb: 32 });
 * ```
 */
export async function startMemcached(
  options: MemcachedServerOptions = {},
): Promise<MemcachedServer> {
  const binary = requireBinary('memcached');
  const port = options.port ?? (await freePort());
  const server = new ServerProcess(binary, () => [
    '-l',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    '0',
    '-m',
    String(options.memoryMb ?? 64),
    '-u',
    'root',
    ...(options.itemSizeLimit ? ['-I', options.itemSizeLimit] : []),
  ]);
  server.start();
  await waitForMemcached(port, server);
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    url: `memcached://127.0.0.1:${port}`,
    process: server,
    kill: () => server.stop('SIGKILL'),
    pause: () => server.signal('SIGSTOP'),
    resume: () => server.signal('SIGCONT'),
    async restart() {
      await server.stop('SIGTERM');
      server.start();
      await waitForMemcached(port, server);
    },
    stop: () => server.dispose(),
  };
}
