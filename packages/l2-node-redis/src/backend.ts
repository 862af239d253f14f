import { CacheError } from '@multi-tier-cache/core';

/** One Redis command: name and arguments, as node-redis sends them. */
export type Command = (string | Buffer)[];

/** Sends commands to one server (one cluster master, or the only server). */
export interface NodeSender {
  /** `host:port`, for error messages. */
  readonly address: string;
  send(command: Command): Promise<unknown>;
}

/**
 * What the store needs from a node-redis connection, whatever its topology. Replies of bulk
 * strings are Buffers.
 */
export interface Backend {
  /** True for Redis Cluster: batches are grouped by slot and by master. */
  readonly clustered: boolean;
  /**
   * `undefined` when calls can go out now, else a promise that settles when they can (or rejects
   * when the connection is down). A cluster needs this before grouping keys by master.
   */
  whenReady(): Promise<void> | undefined;
  /** `host:port` of the master serving `slot` (cluster only; otherwise always the same name). */
  nodeOfSlot(slot: number): string;
  /** One command to the server owning `routingKey`. */
  send(routingKey: string, command: Command): Promise<unknown>;
  /** Commands in one pipeline (one write, one round trip) to the server owning `routingKey`. */
  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]>;
  /** One sender per master, for SCAN and PING. */
  masters(): Promise<NodeSender[]>;
  /** Closes what the store created; detaches listeners from what the user passed. */
  close(): Promise<void>;
}

/** Anything with node-redis' connection state. */
export interface Connectable {
  readonly isOpen: boolean;
  readonly isReady: boolean;
}

/**
 * Fail-fast gate: before the first connection, calls wait for it (at most `connectTimeoutMs`);
 * after it, a call made while the connection is down rejects at once instead of queueing until
 * Redis comes back, so the cache falls back without paying its timeout.
 *
 * @example
 * ```ts
 * const gate = new ReadyGate(client, client.connect(), 2000, 'redis://127.0.0.1:6379');
 * if (!client.isReady) return gate.whenReady().then(run);
 * ```
 */
export class ReadyGate {
  readonly #target: Connectable;
  readonly #connectTimeoutMs: number;
  readonly #address: string;
  #connected: Promise<unknown> | undefined;

  constructor(
    target: Connectable,
    connecting: Promise<unknown> | undefined,
    connectTimeoutMs: number,
    address: string,
  ) {
    this.#target = target;
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#address = address;
    this.#connected = connecting;
    connecting?.then(
      () => {
        this.#connected = undefined;
      },
      () => {},
    );
  }

  /** Resolves when the connection is ready, or rejects with `CacheError('tier-failure')`. */
  whenReady(): Promise<void> {
    if (this.#target.isReady) return Promise.resolve();
    const connecting = this.#connected;
    if (connecting === undefined) return Promise.reject(this.notConnected());
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.notConnected()), this.#connectTimeoutMs);
      connecting.then(
        () => {
          clearTimeout(timer);
          if (this.#target.isReady) resolve();
          else reject(this.notConnected());
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(this.notConnected(error));
        },
      );
    });
  }

  notConnected(cause?: unknown): CacheError {
    return notConnectedError(this.#address, cause);
  }
}

/** The error of a call made while the connection to `address` is down. */
export function notConnectedError(address: string, cause?: unknown): CacheError {
  return new CacheError(
    'tier-failure',
    `node-redis is not connected to ${address}; it keeps reconnecting in the background ` +
      '(check that Redis is up and reachable)',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Connects `target` with `connect()` and, when that attempt fails (a cluster whose seed nodes are
 * all down rejects instead of retrying), tries again with backoff until it works or `stopped()`.
 */
export function connectWithRetry(
  connect: () => Promise<unknown>,
  stopped: () => boolean,
  delayMs: (attempt: number) => number,
  onError: (error: unknown) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let attempt = 0;
    const tryOnce = () => {
      connect().then(
        () => resolve(),
        (error: unknown) => {
          if (stopped()) return;
          onError(error);
          setTimeout(tryOnce, delayMs(attempt++)).unref();
        },
      );
    };
    tryOnce();
  });
}

/** Closes gracefully, or destroys after `graceMs` when Redis does not answer (e.g. it is down). */
export async function closeOrDestroy(
  target: { close(): Promise<unknown>; destroy(): unknown },
  graceMs = 1000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  try {
    const result = await Promise.race([target.close().then(() => 'closed' as const), timedOut]);
    if (result === 'timeout') await target.destroy();
  } catch {
    await target.destroy();
  } finally {
    clearTimeout(timer);
  }
}
