import { Connection, type ConnectionOptions } from './connection.js';
import type { MetaReply } from './reply-parser.js';

/**
 * Several pipelined connections to one server, used round-robin so that concurrent callers
 * spread over them (memcached serves each connection on one of its worker threads).
 *
 * @example
 * ```ts
 * const pool = new ConnectionPool({ host: '127.0.0.1', port: 11211, timeoutMs: 500,
 *   reconnectInitialMs: 50, reconnectMaxMs: 2000 }, 2);
 * await pool.send('mn\r\n');
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

  /** The next connection in turn. */
  connection(): Connection {
    const connections = this.#connections;
    if (connections.length === 1) return connections[0]!;
    const connection = connections[this.#next]!;
    this.#next = (this.#next + 1) % connections.length;
    return connection;
  }

  send(request: string | Uint8Array): Promise<MetaReply> {
    return this.connection().send(request);
  }

  sendBatch(requests: readonly (string | Uint8Array)[]): Promise<MetaReply[]> {
    return this.connection().sendBatch(requests);
  }

  close(): void {
    for (const connection of this.#connections) connection.close();
  }
}
