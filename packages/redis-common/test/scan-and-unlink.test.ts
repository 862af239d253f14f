import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanAndUnlink } from '../src/index.js';

const base = `redis-common-scan-${process.pid}`;

function sendTo(node: Redis) {
  return (command: readonly (string | Buffer)[]) =>
    node.callBuffer(String(command[0]), ...command.slice(1));
}

describe('scanAndUnlink on a standalone server', () => {
  let client: Redis;
  beforeAll(() => {
    client = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await client.quit();
  });

  it('removes only the keys matching the pattern, across SCAN pages', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `${base}:in:${i}`);
    await client.mset(...keys.flatMap((key) => [key, 'v']), `${base}:out`, 'v');
    const removed = await scanAndUnlink(sendTo(client), `${base}:in:*`, { count: 50 });
    expect(removed).toBe(250);
    expect(await client.exists(...keys)).toBe(0);
    expect(await client.get(`${base}:out`)).toBe('v');
    await client.del(`${base}:out`);
  });
});

describe('scanAndUnlink on Cluster masters', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = new Cluster(inject('clusterNodes'));
  });
  afterAll(async () => {
    await cluster.quit();
  });

  it('unlinks slot by slot, so keys of many slots on one master never fail with CROSSSLOT', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `${base}:c:${i}`);
    await Promise.all(keys.map((key) => cluster.set(key, 'v', 'PX', 60_000)));
    let removed = 0;
    for (const node of cluster.nodes('master')) {
      removed += await scanAndUnlink(sendTo(node), `${base}:c:*`, { clustered: true });
    }
    expect(removed).toBe(60);
    const left = await Promise.all(keys.map((key) => cluster.exists(key)));
    expect(left.every((n) => n === 0)).toBe(true);
  });
});
