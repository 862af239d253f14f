import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ioredisStore } from '../src/index.js';

const base = `ioredis-prefix-${process.pid}`;
const bytes = new TextEncoder().encode('v');

describe('ioredisStore prefix', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await admin.del(`${base}1:x`, `${base}[1]:x`, `${base}*:x`);
    await admin.quit();
  });

  it('matches glob characters in the prefix literally in clear() and deleteMatching()', async () => {
    await admin.set(`${base}1:x`, 'neighbour', 'PX', 60_000);
    await admin.set(`${base}*:x`, 'neighbour', 'PX', 60_000);
    const store = ioredisStore({ url: inject('redisUrl'), prefix: `${base}[1]:` });
    try {
      await store.set('x', bytes, 60_000);
      await store.set('y', bytes, 60_000);
      expect(await admin.exists(`${base}[1]:x`)).toBe(1);
      expect(await store.deleteMatching!('x')).toBe(1);
      await store.clear();
      expect(await admin.exists(`${base}[1]:y`)).toBe(0);
      expect(await admin.get(`${base}1:x`)).toBe('neighbour');
      expect(await admin.get(`${base}*:x`)).toBe('neighbour');
    } finally {
      await store.close();
    }
  });

  it('leaves keys that merely start like the prefix without it alone', async () => {
    const store = ioredisStore({ url: inject('redisUrl'), prefix: `${base}*:` });
    try {
      await store.clear();
      expect(await admin.get(`${base}1:x`)).toBe('neighbour');
    } finally {
      await store.close();
    }
  });
});
