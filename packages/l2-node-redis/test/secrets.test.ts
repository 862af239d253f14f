import { inspect } from 'node:util';
import { exposedSecretParts } from '@multi-tier-cache/conformance';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRedisStore } from '../src/index.js';

/** A wrong password holding every character that has broken redaction: / @ : % # */
const WRONG = 'Zq/x@Wk:v%2F#Jy';
const noPartOfWrong = (error: unknown) =>
  expect(exposedSecretParts(inspect(error, { depth: Number.POSITIVE_INFINITY }), WRONG)).toEqual(
    [],
  );

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
  const admin = await createClient({ url: server.url }).connect();
  await admin.configSet('requirepass', 'the-right-one');
  admin.destroy();
});
afterAll(() => server.stop());

describe('nodeRedisStore never shows a password', () => {
  for (const form of ['raw', 'percent-encoded'] as const) {
    it(`hides a wrong ${form} password in rejections, onError and strict cache errors`, async () => {
      const reported: unknown[] = [];
      const password = form === 'raw' ? WRONG : encodeURIComponent(WRONG);
      const store = nodeRedisStore({
        url: `redis://default:${password}@127.0.0.1:${server.port}`,
        prefix: 'secrets:',
        connectTimeout: 500,
        maxReconnectDelayMs: 100,
        onError: (error) => reported.push(error),
      });
      const cache = createCache({ l1: memoryL1Store(), l2: [store], strict: true, timeout: 2000 });
      try {
        await expect(store.get('k')).rejects.toSatisfy((error) => {
          noPartOfWrong(error);
          return true;
        });
        await expect(cache.get('k')).rejects.toSatisfy((error) => {
          noPartOfWrong(error);
          return true;
        });
        expect(reported.length).toBeGreaterThan(0);
        for (const error of reported) noPartOfWrong(error);
      } finally {
        await cache.close();
        await store.close();
      }
    });
  }

  it('hides the password of clusterNodes URLs in the errors of an unreachable cluster', async () => {
    const store = nodeRedisStore({
      clusterNodes: [`redis://default:${WRONG}@127.0.0.1:1`, { host: '127.0.0.1', port: 2 }],
      prefix: 'secrets:',
      connectTimeout: 300,
    });
    try {
      await expect(store.get('k')).rejects.toSatisfy((error) => {
        expect(inspect(error)).toContain('127.0.0.1:1');
        noPartOfWrong(error);
        return true;
      });
    } finally {
      await store.close();
    }
  });

  it('shows no part of a password in a malformed URL error, its message or its cause', () => {
    let caught: unknown;
    try {
      nodeRedisStore({ url: `redis://default:${WRONG}@bad host:6379` });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'configuration' });
    noPartOfWrong(caught);
  });
});
