import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCacheError, type L2Store } from '@multi-tier-cache/core';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const prefix = `ioredis-conn-${process.pid}:`;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) =>
  value ? new TextDecoder().decode(value) : undefined;

describe('ioredisStore connections', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await admin.quit();
  });

  async function roundTrip(store: L2Store, key: string): Promise<void> {
    try {
      await store.set(key, bytes('hello'), 60_000);
      expect(text((await store.get(key))?.value)).toBe('hello');
    } finally {
      await store.clear();
      await store.close();
    }
  }

  it('logs in with the user, password and database of the URL', async () => {
    const user = `mtc-ioredis-${process.pid}`;
    await admin.call('ACL', 'SETUSER', user, 'on', '>s3cr%t', '~*', '&*', '+@all');
    try {
      const { port } = new URL(inject('redisUrl'));
      const store = ioredisStore({
        url: `redis://${user}:s3cr%25t@127.0.0.1:${port}/3`,
        prefix,
      });
      await store.set('in-db-3', bytes('x'), 60_000);
      const db3 = new Redis(inject('redisUrl'), { db: 3 });
      expect(await storedText(db3, `${prefix}in-db-3`)).toBe('x');
      expect(await admin.exists(`${prefix}in-db-3`)).toBe(0);
      await db3.quit();
      await roundTrip(store, 'k');
    } finally {
      await admin.call('ACL', 'DELUSER', user);
    }
  });

  it('connects to REDIS_URL when no URL is given', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = inject('redisUrl');
    try {
      const store = ioredisStore({ prefix });
      await store.set('from-env', bytes('env'), 60_000);
      expect(await storedText(admin, `${prefix}from-env`)).toBe('env');
      await roundTrip(store, 'from-env');
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });

  it('reads REDIS_URL from .env in the working folder when the variable is unset', async () => {
    const saved = { env: process.env.REDIS_URL, cwd: process.cwd() };
    const dir = mkdtempSync(join(tmpdir(), 'mtc-ioredis-dotenv-'));
    writeFileSync(join(dir, '.env'), `OTHER=1\nREDIS_URL=${inject('redisUrl')}/4\n`);
    delete process.env.REDIS_URL;
    process.chdir(dir);
    try {
      const store = ioredisStore({ prefix });
      await store.set('from-dotenv', bytes('file'), 60_000);
      const db4 = new Redis(inject('redisUrl'), { db: 4 });
      expect(await storedText(db4, `${prefix}from-dotenv`)).toBe('file');
      await db4.quit();
      await roundTrip(store, 'from-dotenv');
    } finally {
      process.chdir(saved.cwd);
      if (saved.env !== undefined) process.env.REDIS_URL = saved.env;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the last REDIS_URL line of .env, as dotenv does', async () => {
    const saved = { env: process.env.REDIS_URL, cwd: process.cwd() };
    const dir = mkdtempSync(join(tmpdir(), 'mtc-ioredis-dotenv-'));
    writeFileSync(
      join(dir, '.env'),
      `REDIS_URL=redis://127.0.0.1:1\nREDIS_URL=${inject('redisUrl')}/5\n`,
    );
    delete process.env.REDIS_URL;
    process.chdir(dir);
    try {
      const store = ioredisStore({ prefix });
      await store.set('last-line', bytes('last'), 60_000);
      const db5 = new Redis(inject('redisUrl'), { db: 5 });
      expect(await storedText(db5, `${prefix}last-line`)).toBe('last');
      await db5.quit();
      await roundTrip(store, 'last-line');
    } finally {
      process.chdir(saved.cwd);
      if (saved.env !== undefined) process.env.REDIS_URL = saved.env;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reaches a Cluster from seed node URLs', async () => {
    const urls = inject('clusterNodes').map(({ host, port }) => `redis://${host}:${port}`);
    await roundTrip(ioredisStore({ clusterNodes: urls, prefix }), 'seed-urls');
  });

  it('still takes the deprecated redisOptions as clientOptions', async () => {
    const { port } = new URL(inject('redisUrl'));
    const store = ioredisStore({
      url: 'redis://127.0.0.1:1',
      redisOptions: { port: Number(port) },
      prefix,
    });
    await roundTrip(store, 'old-option-name');
  });

  it('uses an existing client and never closes it', async () => {
    const client = new Redis(inject('redisUrl'));
    const store = ioredisStore({ client, prefix });
    await roundTrip(store, 'shared-client');
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('uses an existing Cluster and never closes it', async () => {
    const cluster = new Cluster(inject('clusterNodes'));
    const store = ioredisStore({ cluster, prefix });
    await roundTrip(store, 'shared-cluster');
    expect(cluster.status).toBe('ready');
    expect(await cluster.set(`${prefix}still-open`, '1', 'PX', 1000)).toBe('OK');
    await cluster.quit();
  });

  it('reports the round trip of ping() in milliseconds', async () => {
    const store = ioredisStore({ url: inject('redisUrl'), prefix });
    const latency = await store.ping();
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThan(5000);
    await store.close();
    await store.close();
  });

  it('refuses two ways to reach Redis, sentinels without a master name, and an empty prefix', () => {
    const attempts = [
      () => ioredisStore({ url: inject('redisUrl'), clusterNodes: inject('clusterNodes') }),
      () => ioredisStore({ sentinels: [{ host: '127.0.0.1', port: 1 }] }),
      () => ioredisStore({ clusterNodes: [] }),
      () => ioredisStore({ url: 'http://127.0.0.1:6379' }),
      () => ioredisStore({ url: inject('redisUrl'), prefix: '' }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(isCacheError(caught, 'configuration')).toBe(true);
    }
  });

  it('fails fast instead of hanging when nothing listens on the port', async () => {
    const store = ioredisStore({ url: 'redis://127.0.0.1:1', prefix });
    const started = Date.now();
    await expect(store.get('k')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
  });
});
