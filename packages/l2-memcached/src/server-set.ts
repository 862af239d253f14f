import type { ConnectionOptions } from './connection.js';
import { ConnectionPool } from './connection-pool.js';
import { HashRing } from './hash-ring.js';
import type { ServerAddress } from './resolve-servers.js';

/** Settings shared by every connection of a {@link ServerSet}. */
export type ServerSetOptions = Omit<ConnectionOptions, 'host' | 'port'> & {
  readonly connectionsPerServer: number;
};

/**
 * The servers of one store: a connection pool per server and the hash ring that picks the server
 * of a key.
 *
 * @example
 * ```ts
 * const set = new ServerSet([{ host: '127.0.0.1', port: 11211 }], options);
 * await set.poolFor('app:k3x9:user:1').send('mn\r\n');
 * ```
 */
export class ServerSet {
  readonly pools: readonly ConnectionPool[];
  readonly #ring: HashRing;
  readonly #byAddress: Map<string, ConnectionPool>;
  readonly #single: ConnectionPool | undefined;

  constructor(servers: readonly ServerAddress[], options: ServerSetOptions) {
    this.pools = servers.map(
      (server) => new ConnectionPool({ ...options, ...server }, options.connectionsPerServer),
    );
    this.#byAddress = new Map(this.pools.map((pool) => [pool.address, pool]));
    this.#ring = new HashRing([...this.#byAddress.keys()]);
    this.#single = this.pools.length === 1 ? this.pools[0] : undefined;
  }

  /** The pool of the server that owns `routingKey`. */
  poolFor(routingKey: string): ConnectionPool {
    return this.#single ?? this.#byAddress.get(this.#ring.serverFor(routingKey))!;
  }

  /** Indexes of `routingKeys` grouped by the pool that owns them. */
  group(routingKeys: readonly string[]): Map<ConnectionPool, number[]> {
    const groups = new Map<ConnectionPool, number[]>();
    for (let index = 0; index < routingKeys.length; index++) {
      const pool = this.poolFor(routingKeys[index]!);
      const list = groups.get(pool);
      if (list === undefined) groups.set(pool, [index]);
      else list.push(index);
    }
    return groups;
  }

  close(): void {
    for (const pool of this.pools) pool.close();
  }
}
