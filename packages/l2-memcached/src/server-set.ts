import type { ConnectionOptions } from './connection.js';
import { ConnectionPool } from './connection-pool.js';
import { HashRing } from './hash-ring.js';
import type { ServerAddress } from './resolve-servers.js';

/** Settings shared by every connection of a {@link ServerSet}. */
export type ServerSetOptions = Omit<ConnectionOptions, 'host' | 'port'> & {
  readonly connectionsPerServer: number;
};

/**
 * The servers of one store: a connection pool per server (a server listed twice counts once) and
 * the hash ring that picks the server of a key.
 *
 * @example
 * ```ts
 * const set = new ServerSet([{ host: '127.0.0.1', port: 11211 }], options);
 * const hash = hashKey(':user:1');
 * await set.pools[set.serverFor(hash)].connectionFor(hash).send('mn\r\n');
 * ```
 */
export class ServerSet {
  readonly pools: readonly ConnectionPool[];
  readonly #ring: HashRing;

  constructor(servers: readonly ServerAddress[], options: ServerSetOptions) {
    const unique = new Map<string, ServerAddress>();
    for (const server of servers) unique.set(`${server.host}:${server.port}`, server);
    this.pools = [...unique.values()].map(
      (server) => new ConnectionPool({ ...options, ...server }, options.connectionsPerServer),
    );
    this.#ring = new HashRing(this.pools.map((pool) => pool.address));
  }

  /** Index in `pools` of the server that owns keys hashing to `hash` (see `hashKey`). */
  serverFor(hash: number): number {
    return this.#ring.indexForHash(hash);
  }

  close(): void {
    for (const pool of this.pools) pool.close();
  }
}
