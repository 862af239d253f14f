import { createServer } from 'node:net';

function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : undefined),
      );
    });
  });
}

const handedOut = new Set<number>();

/**
 * A loopback port nobody listens on. With `busOffset`, `port + busOffset` is free too (Redis
 * Cluster listens on port + 10000 for its bus).
 */
export async function freePort(busOffset?: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = 20000 + Math.floor(Math.random() * 30000);
    if (handedOut.has(candidate)) continue;
    if ((await tryPort(candidate)) === undefined) continue;
    if (busOffset !== undefined && (await tryPort(candidate + busOffset)) === undefined) continue;
    handedOut.add(candidate);
    return candidate;
  }
  throw new Error('no free loopback port found after 200 attempts');
}
