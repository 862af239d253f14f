import type { ChildProcess } from 'node:child_process';
import type { MemcachedServer, RedisServer } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { between } from './random.js';

/** What the fault driver can break, and how. */
export interface FaultTargets {
  readonly redis: RedisServer;
  readonly memcached: MemcachedServer;
  readonly workers: readonly { name: string; child: ChildProcess }[];
}

export const FAULTS = [
  'redis-kill',
  'redis-pause',
  'pubsub-kill',
  'memcached-restart',
  'worker-pause',
] as const;
export type FaultName = (typeof FAULTS)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one fault to its end (the server back, the worker resumed); returns what it did. */
export async function runFault(
  fault: FaultName,
  targets: FaultTargets,
  random: () => number,
): Promise<string> {
  switch (fault) {
    case 'redis-kill': {
      const downMs = between(random, 200, 3000);
      await targets.redis.kill();
      await sleep(downMs);
      await targets.redis.restart();
      return `cache Redis SIGKILL, restarted (AOF) after ${downMs} ms`;
    }
    case 'redis-pause': {
      const pauseMs = between(random, 1000, 4000);
      targets.redis.pause();
      await sleep(pauseMs);
      targets.redis.resume();
      return `cache Redis SIGSTOP for ${pauseMs} ms`;
    }
    case 'pubsub-kill': {
      const admin = new Redis(targets.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await admin.connect();
        const killed = await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
        return `CLIENT KILL TYPE pubsub: ${String(killed)} connections`;
      } finally {
        admin.disconnect();
      }
    }
    case 'memcached-restart': {
      await targets.memcached.restart();
      return 'memcached restarted (empty)';
    }
    case 'worker-pause': {
      const worker = targets.workers[between(random, 0, targets.workers.length - 1)]!;
      const pauseMs = between(random, 1000, 4000);
      worker.child.kill('SIGSTOP');
      await sleep(pauseMs);
      worker.child.kill('SIGCONT');
      return `worker ${worker.name} SIGSTOP for ${pauseMs} ms`;
    }
  }
}
