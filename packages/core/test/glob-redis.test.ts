import { type RedisServer, startRedis } from '@multi-tier-cache/test-servers';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGlob } from '../src/index.js';

// Heavy in the characters glob syntax gives meaning to, plus one two-byte character.
const alphabet = fc.constantFrom('*', '?', '[', ']', '^', '-', '\\', 'a', 'b', 'z', 'é');
const keyArbitrary = fc.string({ unit: alphabet, maxLength: 6 });
const patternArbitrary = fc.string({ unit: alphabet, maxLength: 8 });

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});

afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

async function scanMatch(pattern: string): Promise<Set<string>> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 10_000);
    for (const key of keys) found.add(key);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

describe('compileGlob against redis-server SCAN MATCH', () => {
  it('selects exactly the keys Redis selects, over generated keys and patterns', async () => {
    let patternsChecked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(keyArbitrary, { minLength: 1, maxLength: 120 }),
        fc.array(patternArbitrary, { minLength: 10, maxLength: 30 }),
        async (keys, patterns) => {
          await client.flushdb();
          await client.mset(keys.flatMap((key) => [key, '1']));
          for (const pattern of patterns) {
            const expected = [...(await scanMatch(pattern))].sort();
            const matcher = compileGlob(pattern);
            const actual = keys.filter((key) => matcher.test(key)).sort();
            expect({ pattern, keys: actual }).toEqual({ pattern, keys: expected });
            patternsChecked++;
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(patternsChecked).toBeGreaterThanOrEqual(600);
  });
});
