import { inspect } from 'node:util';
import { exposedSecretParts } from '@multi-tier-cache/conformance';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

/** A wrong password holding every character that has broken redaction: / @ : % # */
const WRONG = 'Zq/x@Wk:v%2F#Jy';
const shown = (error: unknown) => inspect(error, { depth: Number.POSITIVE_INFINITY });

describe('ioredisStore never shows a password', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
    const admin = new Redis(server.url);
    await admin.config('SET', 'requirepass', 'the-right-one');
    admin.disconnect();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['raw', 'percent-encoded'])(
    'hides a wrong %s password in rejections, onError and strict cache errors',
    async (form) => {
      const written = form === 'raw' ? WRONG : encodeURIComponent(WRONG);
      const reported: unknown[] = [];
      const store = ioredisStore({
        url: `redis://default:${written}@127.0.0.1:${server.port}`,
        prefix: 'secrets:',
        maxReconnectDelayMs: 100,
        onError: (error) => reported.push(error),
      });
      const cache = createCache({ l1: memoryL1Store(), l2: [store], strict: true, timeout: 2000 });
      try {
        const errors = await Promise.all([
          store.get('k').then(
            () => 'resolved',
            (error: unknown) => error,
          ),
          store.set('k', new Uint8Array([1]), 1000).then(
            () => 'resolved',
            (error: unknown) => error,
          ),
          cache.get('k').then(
            () => 'resolved',
            (error: unknown) => error,
          ),
        ]);
        expect(reported.length).toBeGreaterThan(0);
        for (const error of [...errors, ...reported]) {
          expect(shown(error)).toMatch(/WRONGPASS|NOAUTH|max retries|tier/i);
          expect(exposedSecretParts(shown(error), WRONG)).toEqual([]);
        }
      } finally {
        await cache.close();
        await store.close();
      }
    },
  );

  it('shows no part of a password in a malformed URL error, its message or its cause', () => {
    const create = () => ioredisStore({ url: `redis://default:${WRONG}@bad host:6379` });
    expect(create).toThrow(expect.objectContaining({ code: 'configuration' }));
    try {
      create();
    } catch (error) {
      expect(exposedSecretParts(shown(error), WRONG)).toEqual([]);
    }
  });
});
