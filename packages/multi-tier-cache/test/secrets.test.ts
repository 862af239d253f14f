import { inspect } from 'node:util';
import { exposedSecretParts } from '@multi-tier-cache/conformance';
import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheSystem } from '../src/index.js';

/** A wrong password holding every character that has broken redaction: / @ : % # */
const WRONG = 'Zq/x@Wk:v%2F#Jy';

describe('CacheSystem never shows a password', () => {
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
    'reports redisUrl and the strict start-up error without a %s password',
    async (form) => {
      const written = form === 'raw' ? WRONG : encodeURIComponent(WRONG);
      const url = `redis://default:${written}@127.0.0.1:${server.port}/0`;
      const options = { prefix: 'secrets:', readyTimeout: 300, invalidation: false } as const;
      const lenient = await CacheSystem.withRedisUrl(url, options);
      try {
        expect(lenient.redisUrl).toBe(`redis://***@127.0.0.1:${server.port}/0`);
      } finally {
        await lenient.close();
      }
      const error = await CacheSystem.withRedisUrl(url, { ...options, strict: true }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      const shown = inspect(error, { depth: Number.POSITIVE_INFINITY });
      expect(shown).toContain('did not answer');
      expect(exposedSecretParts(shown, WRONG)).toEqual([]);
    },
  );
});
