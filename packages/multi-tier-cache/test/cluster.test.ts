import { Cluster } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CacheSystem } from '../src/index.js';

const cluster = new Cluster(inject('clusterNodes'));
afterAll(async () => {
  await cluster.quit();
});

describe('CacheSystem on a Redis Cluster client', () => {
  it('uses the cluster for L2, invalidation and streams, and leaves the client open', async () => {
    const options = {
      client: cluster,
      prefix: 'mtc-umbrella-cluster:',
      invalidation: { channel: 'mtc-umbrella-cluster:invalidate' },
    };
    const a = await CacheSystem.create(options);
    const b = await CacheSystem.create(options);
    expect(a.redisUrlSource).toBe('client');
    await a.cacheManager.set('k', { v: 1 });
    expect(await b.cacheManager.get('k')).toEqual({ v: 1 });
    await a.publishToStream('mtc-umbrella-cluster:events', { n: '1' });
    expect(await a.readStreamLatest('mtc-umbrella-cluster:events', 1)).toHaveLength(1);
    const report = await a.healthCheck();
    expect(report.tiers[0]?.healthy).toBe(true);
    expect(report.invalidation?.healthy).toBe(true);
    await Promise.all([a.close(), b.close()]);
    expect(cluster.status).toBe('ready');
  });
});
