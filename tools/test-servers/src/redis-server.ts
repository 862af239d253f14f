import { requireBinary } from './binaries.js';
import { freePort } from './free-port.js';
import { ServerProcess } from './server-process.js';
import { ask, redisCommand, waitUntil } from './wait-for.js';

/**
 * Options of {@link startRedis}.
 */
export interface RedisServerOptions {
  /** Keep data across restarts (AOF, fsync always), for tests that restart the server. @default false */
  readonly persistent?: boolean;
  /** Extra redis-server arguments, e.g. ['--requirepass', 'secret']. */
  readonly args?: readonly string[];
  /** Port to listen on. @default a free loopback port */
  readonly port?: number;
}

/**
 * A real redis-server on a loopback port, in a temporary folder.
 *
 * @example
 * ```ts
 * const redis = await startRedis();
 * const store = ioredisStore({ url: redis.url });
 * redis.pause(); // SIGSTOP: the server hangs
 * await redis.stop();
 * ```
 */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly url: string;
  readonly process: ServerProcess;
  /** SIGKILL: the server dies at once, as in a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets open but answers nothing. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Starts the server again on the same port and folder and waits until it answers. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export function redisArgs(port: number, options: RedisServerOptions = {}): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    options.persistent ? 'yes' : 'no',
    ...(options.persistent ? ['--appendfsync', 'always'] : []),
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(options.args ?? []),
  ];
}

export async function waitForRedis(port: number, server?: ServerProcess): Promise<void> {
  await waitUntil(`redis-server on port ${port}${server ? `\n${server.output}` : ''}`, async () =>
    (await ask(port, redisCommand('PING'))).startsWith('+PONG'),
  );
}

/**
 * Starts redis-server on a free loopback port and waits until it answers PING.
 *
 * @example
 * ```ts
 * const redis = await startRedis({ persistent: true });
 * ```
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = requireBinary('redis-server');
  const port = options.port ?? (await freePort());
  const server = new ServerProcess(binary, () => redisArgs(port, options));
  server.start();
  await waitForRedis(port, server);
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    process: server,
    kill: () => server.stop('SIGKILL'),
    pause: () => server.signal('SIGSTOP'),
    resume: () => server.signal('SIGCONT'),
    async restart() {
      await server.stop('SIGTERM');
      server.start();
      await waitForRedis(port, server);
    },
    stop: () => server.dispose(),
  };
}
