import { CacheError } from '@multi-tier-cache/core';
import type { DedicatedStreamClient, StreamClient } from './client/stream-client.js';

/**
 * Connections for blocking reads (XREAD / XREADGROUP with BLOCK), so a read that waits never holds
 * up the commands queued behind it on the user's client. Connections are opened on demand, kept
 * for reuse up to `maxIdle`, and all closed by `close()`.
 */
export class BlockingConnections {
  readonly #client: StreamClient;
  readonly #maxIdle: number;
  readonly #idle: DedicatedStreamClient[] = [];
  readonly #busy = new Set<DedicatedStreamClient>();
  #closed = false;

  constructor(client: StreamClient, maxIdle: number) {
    this.#client = client;
    this.#maxIdle = maxIdle;
  }

  /** Runs `read` on a dedicated connection; a connection whose command failed is not reused. */
  async run<T>(read: (connection: StreamClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw closedError();
    const connection = this.#idle.pop() ?? (await this.#client.duplicate());
    if (this.#closed) {
      connection.destroy();
      throw closedError();
    }
    this.#busy.add(connection);
    let reusable = false;
    try {
      const result = await read(connection);
      reusable = true;
      return result;
    } catch (error) {
      // close() destroyed the connection under a waiting read: say so, not "socket closed".
      throw this.#closed ? closedError() : error;
    } finally {
      this.#busy.delete(connection);
      if (reusable && !this.#closed && this.#idle.length < this.#maxIdle) {
        this.#idle.push(connection);
      } else {
        connection.destroy();
      }
    }
  }

  /** Closes every connection; blocked reads reject. */
  close(): void {
    this.#closed = true;
    for (const connection of [...this.#idle, ...this.#busy]) connection.destroy();
    this.#idle.length = 0;
    this.#busy.clear();
  }
}

function closedError(): CacheError {
  return new CacheError('closed', 'the streams backend is closed: create a new one to read again');
}
