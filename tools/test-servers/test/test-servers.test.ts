import { describe, expect, inject, it } from 'vitest';
import { startMemcached, startRedis, startRedisCluster, startSentinelSet } from '../src/index.js';
import { ask } from '../src/wait-for.js';

describe('test-servers', () => {
  it('starts redis-server, pauses, kills and restarts it on the same port', async () => {
    const redis = await startRedis({ persistent: true });
    try {
      expect(await ask(redis.port, 'SET k v\r\n')).toBe('+OK\r\n');
      redis.pause();
      await expect(ask(redis.port, 'PING\r\n', 200)).rejects.toThrow();
      redis.resume();
      await redis.restart();
      expect(await ask(redis.port, 'GET k\r\n')).toBe('$1\r\nv\r\n');
      await redis.kill();
      await expect(ask(redis.port, 'PING\r\n', 200)).rejects.toThrow();
    } finally {
      await redis.stop();
    }
  });

  it('starts memcached', async () => {
    const memcached = await startMemcached();
    try {
      expect(await ask(memcached.port, 'version\r\n')).toMatch(/^VERSION 1\./);
    } finally {
      await memcached.stop();
    }
  });

  it('provides the shared servers to every test', () => {
    expect(inject('redisUrl')).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(inject('memcachedUrl')).toMatch(/^memcached:\/\//);
    expect(inject('clusterNodes')).toHaveLength(3);
  });

  it('starts a 3-master cluster whose nodes report cluster_state:ok', async () => {
    const cluster = await startRedisCluster({ masters: 3 });
    try {
      const info = await ask(cluster.nodes[0]!.port, 'CLUSTER INFO\r\n');
      expect(info).toContain('cluster_state:ok');
      expect(info).toContain('cluster_known_nodes:3');
    } finally {
      await cluster.stop();
    }
  });

  it('starts a sentinel set that names the master', async () => {
    const set = await startSentinelSet();
    try {
      expect(await set.currentMaster()).toEqual({ host: '127.0.0.1', port: set.master.port });
    } finally {
      await set.stop();
    }
  });
});
