import { Connection, type ConnectionOptions } from './connection.js';
import type { MetaReply } from './reply-parser.js';

/**
 * Several pipelined connections to one server (memcached serves each connection on one of its
 * worker threads). Every key has its own connection, picked by the key's hash, so the commands
 * for one key reach memcached in the order they were made: a `get` made after a `delete` of the
 * same key cannot be answered before the delete is applied. Commands about no key in particular
 * (`mn`, the namespace generation) take the connections in turn.
 *
 * @example
 * ```ts
 * const pool = new ConnectionPool({ host: '127.0.0.1', port: 11211, timeoutMs: 500,
 *   reconnectInitialMs: 50, reconnectMaxMs: 2000 }, 2);
 * await pool.connectionFor(hashKey(':user:1')).send('mg app:k3x9:user:1 v t\r\n');
 * ```
 */
export class ConnectionPool {
  readonly address: string;
  readonly #connections: Connection[];
  #next = 0;

  constructor(options: ConnectionOptions, size: number) {
    this.address = `${options.host}:${options.port}`;
    this.#connections = Array.from({ length: Math.max(1, size) }, () => new Connection(options));
  }

  /** The connection of every key whose hash is `hash`. */
  connectionFor(hash: number): Connection {
    const connections = this.#connections;
    return connections.length === 1 ? connections[0]! : connections[hash % connections.length]!;
  }

  /** Sends a command about no key in particular on the next connection in turn. */
  send(request: string | Uint8Array): Promise<MetaReply> {
    const connections = this.#connections;
    const connection = connections[this.#next]!;
    this.#next = (this.#next + 1) % connections.length;
    return connection.send(request);
  }

  /**
   * Sends `requests`, each on the connection of its key (`hashes[n]` is the hash of the key of
   * `requests[n]`), one batch per connection, and resolves to the replies in the order of
   * `requests`.
   */
  sendBatch(
    hashes: readonly number[],
    requests: readonly (string | Uint8Array)[],
  ): Promise<MetaReply[]> {
    const connections = this.#connections;
    if (connections.length === 1) return connections[0]!.sendBatch(requests);
    const groups = new Map<Connection, number[]>();
    for (let n = 0; n < requests.length; n++) {
      const connection = this.connectionFor(hashes[n]!);
      const group = groups.get(connection);
      if (group === undefined) groups.set(connection, [n]);
      else group.push(n);
    }
    const replies = new Array<MetaReply>(requests.length);
    return Promise.all(
      [...groups].map(([connection, indexes]) =>
        connection.sendBatch(indexes.map((n) => requests[n]!)).then((got) => {
          for (let m = 0; m < indexes.length; m++) replies[indexes[m]!] = got[m]!;
        }),
      ),
    ).then(() => replies);
  }

  close(): void {
    for (const connection of this.#connections) connection.close();
  }
}
