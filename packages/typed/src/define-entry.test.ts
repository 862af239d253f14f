import {
  CacheStrategy,
  createCache,
  losslessSerializer,
  memoryL2Store,
} from '@multi-tier-cache/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEntry } from './define-entry.js';

const User = z.object({ id: z.number(), name: z.string(), joined: z.coerce.date() });
const UserEntry = defineEntry({
  key: (id: number) => `user:${id}`,
  schema: User,
  strategy: CacheStrategy.RealTime,
});

function setup() {
  const l2 = memoryL2Store();
  const cache = createCache({ serializer: losslessSerializer(), l2: [l2] });
  return { l2, cache, users: UserEntry.bind(cache) };
}

describe('defineEntry', () => {
  it('builds keys from the id and computes once per id', async () => {
    const { users, l2 } = setup();
    const load = vi.fn((id: number) => ({ id, name: `user ${id}`, joined: new Date(0) }));
    expect(users.key(3)).toBe('user:3');
    const first = await users.getOrCompute(3, load);
    expect(await users.getOrCompute(3, load)).toBe(first);
    expect(load).toHaveBeenCalledExactlyOnceWith(3);
    expect((await l2.get('user:3'))!.ttlMs).toBeLessThanOrEqual(10_000);
  });

  it('sets, gets and invalidates by id in every tier', async () => {
    const { users, l2 } = setup();
    const ada = { id: 1, name: 'Ada', joined: new Date('2024-01-01T00:00:00Z') };
    await users.set(1, ada);
    expect(await users.get(1)).toBe(ada);
    expect((await l2.get('user:1'))!.ttlMs).toBeLessThanOrEqual(10_000);
    await users.invalidate(1);
    expect(await users.get(1)).toBeUndefined();
    expect(await l2.get('user:1')).toBeUndefined();
  });

  it('uses the strategy TTL and the caller signal together', async () => {
    const { users, l2 } = setup();
    const controller = new AbortController();
    const user = await users.getOrCompute(5, (id) => ({ id, name: 'Lin', joined: new Date(0) }), {
      signal: controller.signal,
    });
    expect(user.name).toBe('Lin');
    expect((await l2.get('user:5'))!.ttlMs).toBeLessThanOrEqual(10_000);
  });

  it('accepts { ttl } as its strategy', async () => {
    const l2 = memoryL2Store();
    const cache = createCache({ serializer: losslessSerializer(), l2: [l2] });
    const flags = defineEntry({
      key: (name: string) => `flag:${name}`,
      schema: z.boolean(),
      strategy: { ttl: '2h' },
    }).bind(cache);
    expect(await flags.getOrCompute('beta', () => true)).toBe(true);
    expect((await l2.get('flag:beta'))!.ttlMs).toBeGreaterThan(3_600_000);
  });
});
