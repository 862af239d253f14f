import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { ioredisStreams, nodeRedisStreams, type RedisStreams } from '../src/index.js';

/** One client library under test: its streams backend and a raw command line to check Redis. */
export interface Harness {
  readonly streams: RedisStreams;
  /** Sends a raw command on a separate connection (for XLEN, CLIENT LIST, ...). */
  command(...args: string[]): Promise<unknown>;
  /** Closes the backend and both connections. */
  close(): Promise<void>;
}

export interface ClientKind {
  readonly name: 'ioredis' | 'node-redis';
  connect(url: string): Promise<Harness>;
}

export const clientKinds: ClientKind[] = [
  {
    name: 'ioredis',
    async connect(url) {
      const client = new Redis(url, { maxRetriesPerRequest: null });
      const checker = new Redis(url);
      // Tests restart the server: the clients reconnect; their connection errors are expected.
      client.on('error', () => {});
      checker.on('error', () => {});
      const streams = ioredisStreams(client);
      return {
        streams,
        command: (command, ...args) => checker.call(command, args),
        async close() {
          await streams.close();
          client.disconnect();
          checker.disconnect();
        },
      };
    },
  },
  {
    name: 'node-redis',
    async connect(url) {
      const client = createClient({ url });
      const checker = createClient({ url });
      client.on('error', () => {});
      checker.on('error', () => {});
      await Promise.all([client.connect(), checker.connect()]);
      const streams = nodeRedisStreams(client);
      return {
        streams,
        command: (...args) => checker.sendCommand(args),
        async close() {
          await streams.close();
          client.destroy();
          checker.destroy();
        },
      };
    },
  },
];

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let counter = 0;
/** A stream name no other test file uses. */
export function uniqueStream(prefix: string): string {
  counter += 1;
  return `streams-test:${prefix}:${process.pid}:${Date.now()}:${counter}`;
}
