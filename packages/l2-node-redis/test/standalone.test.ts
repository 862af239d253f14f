import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { l2StoreSuite } from '@multi-tier-cache/conformance';
import { isCacheError, type L2Store } from '@multi-tier-cache/core';
import { createClient } from 'redis';
import * as vitest from 'vitest';
import { nodeRedisStore } from '../src/index.js';
import { storedText } from './stored-value.js';

const { afterEach, describe, expect, inject, it, vi } = vitest;

l2StoreSuite(vitest, {
  name: 'node-redis standalone',
  createStore: ({ prefix }) => nodeRedisStore({ url: inject('redisUrl'), prefix }),
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) =>
  value === undefined ? undefined : new TextDecoder().decode(value);

describe('nodeRedisStore on one server', () => {
  const stores: L2Store[] = [];
  const open = (options: Parameters<typeof nodeRedisStore>[0]) => {
    const store = nodeRedisStore(options);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('is named node-redis and declares remaining TTL, deleteMatching, locks and conditional writes', () => {
    const store = open({ url: inject('redisUrl'), prefix: 'nr-std-name:' });
    expect(store.name).toBe('node-redis');
    expect(store.capabilities).toEqual({
      deleteMatching: true,
      remainingTtl: true,
      locks: true,
      replacingLocks: true,
      conditionalWrite: true,
    });
  });

  it('puts every key under the prefix (mtc: by default)', async () => {
    const raw = createClient({ url: inject('redisUrl') });
    await raw.connect();
    try {
      const store = open({ url: inject('redisUrl') });
      await store.set('nr-std-default-prefix', bytes('v'), 60_000);
      expect(await storedText(raw, 'mtc:nr-std-default-prefix')).toBe('v');
      await store.delete(['nr-std-default-prefix']);
    } finally {
      await raw.close();
    }
  });

  it('reports no TTL for a key without expiry', async () => {
    const raw = createClient({ url: inject('redisUrl') });
    await raw.connect();
    try {
      await raw.set('nr-std-persist:k', 'forever');
      const entry = await open({ url: inject('redisUrl'), prefix: 'nr-std-persist:' }).get('k');
      expect(text(entry?.value)).toBe('forever');
      expect(entry?.ttlMs).toBeUndefined();
      await raw.del('nr-std-persist:k');
    } finally {
      await raw.close();
    }
  });

  it('clears only its prefix even when the prefix holds glob characters', async () => {
    const tricky = open({ url: inject('redisUrl'), prefix: 'nr-std[1]*:' });
    const neighbour = open({ url: inject('redisUrl'), prefix: 'nr-std1x:' });
    await tricky.set('a', bytes('1'), 60_000);
    await neighbour.set('a', bytes('2'), 60_000);
    await tricky.clear();
    expect(await tricky.get('a')).toBeUndefined();
    expect(text((await neighbour.get('a'))?.value)).toBe('2');
    await neighbour.clear();
  });

  it('clears more keys than one SCAN step holds', async () => {
    const store = open({ url: inject('redisUrl'), prefix: 'nr-std-many:', scanCount: 50 });
    await store.setMany(
      Array.from({ length: 230 }, (_, i) => ({
        key: `k${i}`,
        value: bytes(`${i}`),
        ttlMs: 60_000,
      })),
    );
    expect(await store.deleteMatching!('k1*')).toBe(1 + 10 + 100);
    await store.clear();
    expect((await store.getMany(['k0', 'k2', 'k229'])).every((entry) => entry === undefined)).toBe(
      true,
    );
  });

  it('selects the database of the URL', async () => {
    const url = `${inject('redisUrl')}/3`;
    const raw = createClient({ url });
    await raw.connect();
    try {
      await open({ url, prefix: 'nr-std-db:' }).set('k', bytes('in db 3'), 60_000);
      expect(await storedText(raw, 'nr-std-db:k')).toBe('in db 3');
      await raw.del('nr-std-db:k');
    } finally {
      await raw.close();
    }
  });

  it('uses an existing client, connects it if needed, and never closes it', async () => {
    const client = createClient({ url: inject('redisUrl') });
    const store = nodeRedisStore({ client, prefix: 'nr-std-existing:' });
    await store.set('k', bytes('mine'), 60_000);
    expect(text((await store.get('k'))?.value)).toBe('mine');
    const errorListeners = client.listenerCount('error');
    await store.close();
    expect(client.isOpen).toBe(true);
    expect(client.listenerCount('error')).toBe(errorListeners - 1);
    expect(await storedText(client, 'nr-std-existing:k')).toBe('mine');
    await client.del('nr-std-existing:k');
    await client.close();
  });

  it('reads REDIS_URL when no URL is given', async () => {
    vi.stubEnv('REDIS_URL', inject('redisUrl'));
    const store = open({ prefix: 'nr-std-env:' });
    expect(await store.ping()).toBeGreaterThanOrEqual(0);
  });

  it('reads REDIS_URL from .env in the working directory when the environment has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtc-node-redis-'));
    writeFileSync(join(dir, '.env'), `OTHER=1\nREDIS_URL=${inject('redisUrl')}\n`);
    vi.stubEnv('REDIS_URL', '');
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
    try {
      const store = open({ prefix: 'nr-std-dotenv:' });
      expect(await store.ping()).toBeGreaterThanOrEqual(0);
    } finally {
      cwd.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects with tier-failure when Redis is unreachable, without hanging', async () => {
    const store = open({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 });
    const error = await store.get('k').catch((caught: unknown) => caught);
    expect(isCacheError(error, 'tier-failure')).toBe(true);
    await expect(store.ping()).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.1:1: /);
  });

  it('refuses conflicting connection options and an empty prefix', () => {
    const conflicting = () => nodeRedisStore({ url: inject('redisUrl'), sentinels: [] });
    expect(conflicting).toThrow(/only one way/);
    expect(() => nodeRedisStore({ url: inject('redisUrl'), prefix: '' })).toThrow(
      /prefix option is empty.*empty the whole database/,
    );
  });

  it('refuses a TTL that is not positive', async () => {
    const store = open({ url: inject('redisUrl'), prefix: 'nr-std-ttl:' });
    const error = await store.set('k', bytes('v'), 0).catch((caught: unknown) => caught);
    expect(isCacheError(error, 'invalid-ttl')).toBe(true);
  });

  it('rejects calls after close with code closed', async () => {
    const store = nodeRedisStore({ url: inject('redisUrl'), prefix: 'nr-std-closed:' });
    await store.close();
    const error = await store.get('k').catch((caught: unknown) => caught);
    expect(isCacheError(error, 'closed')).toBe(true);
  });
});
