import { connect, createServer, type Socket } from 'node:net';

/** A loopback TCP relay in front of a real server. */
export interface Relay {
  /** `127.0.0.1:port` to connect to instead of the server. */
  readonly address: string;
  /** While on, what clients send is dropped before it reaches the server. */
  swallow(on: boolean): void;
  close(): Promise<void>;
}

/**
 * Relays loopback connections to `port`, and can swallow what clients send: the server then
 * neither answers nor applies it, as with a link that drops packets.
 *
 * @example
 * ```ts
 * const relay = await startRelay(memcached.port);
 * relay.swallow(true);
 * ```
 */
export async function startRelay(port: number): Promise<Relay> {
  let swallowing = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => {});
    }
    client.on('data', (chunk) => {
      if (!swallowing) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no port');
  return {
    address: `127.0.0.1:${address.port}`,
    swallow(on) {
      swallowing = on;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
