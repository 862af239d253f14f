import { inspect } from 'node:util';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

/** A wrong password holding every character that has broken redaction: / @ : % # */
const WRONG = 'Zq/x@Wk:v%2F#Jy';
const RIGHT = 'the-right-one';

/** Every 4-character piece of the password, so that no tail or fragment can leak either. */
function expectNoPartOf(shown: string): void {
  for (let i = 0; i + 4 <= WRONG.length; i++) expect(shown).not.toContain(WRONG.slice(i, i + 4));
  const encoded = encodeURIComponent(WRONG);
  for (let i = 0; i + 4 <= encoded.length; i++) {
    expect(shown).not.toContain(encoded.slice(i, i + 4));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('nodeRedisStore never shows a password', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    const admin = await createClient({ url: server.url }).connect();
    await admin.configSet('requirepass', RIGHT);
    admin.destroy();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['raw', 'percent-encoded'])(
    'hides a wrong %s password in rejections, onError and strict cache errors',
    async (form) => {
      const written = form === 'raw' ? WRONG : encodeURIComponent(WRONG);
      const reported: unknown[] = [];
      const store = nodeRedisStore({
        url: `redis://default:${written}@127.0.0.1:${server.port}`,
        prefix: 'secrets:',
        maxReconnectDelayMs: 100,
        connectTimeout: 500,
        onError: (error) => reported.push(error),
      });
      const cache = createCache({ l1: memoryL1Store(), l2: [store], strict: true, timeout: 2000 });
      try {
        const fromStore = await rejection(store.get('k'));
        const fromSet = await rejection(store.set('k', new Uint8Array([1]), 1000));
        const fromCache = await rejection(cache.get('k'));
        expect(reported.length).toBeGreaterThan(0);
        for (const error of [fromStore, fromSet, fromCache, ...reported]) {
          const shown = inspect(error, { depth: Number.POSITIVE_INFINITY });
          expect(shown).toMatch(/WRONGPASS|NOAUTH|not connected|tier/i);
          expectNoPartOf(shown);
        }
      } finally {
        await cache.close();
        await store.close();
      }
    },
  );

  it('hides the password of clusterNodes URLs in the errors of an unreachable cluster', async () => {
    const reported: unknown[] = [];
    const store = nodeRedisStore({
      clusterNodes: [`redis://default:${WRONG}@127.0.0.1:1`, { host: '127.0.0.1', port: 2 }],
      prefix: 'secrets:',
      connectTimeout: 300,
      maxReconnectDelayMs: 100,
      onError: (error) => reported.push(error),
    });
    try {
      const error = await rejection(store.get('k'));
      const shown = inspect(error, { depth: Number.POSITIVE_INFINITY });
      expect(shown).toContain('127.0.0.1:1');
      expectNoPartOf(shown);
      for (const event of reported) expectNoPartOf(inspect(event, { depth: 10 }));
    } finally {
      await store.close();
    }
  });

  it('shows no part of a password in a malformed URL error, its message or its cause', () => {
    let error: unknown;
    try {
      nodeRedisStore({ url: `redis://default:${WRONG}@bad host:6379`, prefix: 'secrets:' });
    } catch (caught) {
      error = caught;
    }
    const shown = inspect(error, { depth: Number.POSITIVE_INFINITY });
    expect(shown).toContain('configuration');
    expectNoPartOf(shown);
  });
});
