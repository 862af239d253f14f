import {
  createCache,
  losslessSerializer,
  type MemoryL2Slot,
  memoryL2Store,
} from '@multi-tier-cache/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { typedStats } from './typed-stats.js';

const User = z.object({ id: z.number(), name: z.string(), joined: z.coerce.date() });
const ada = () => ({ id: 1, name: 'Ada', joined: new Date('2024-05-01T10:00:00Z') });
const down = () => Promise.reject(new Error('database down'));

/** A writer and a reader sharing one simulated Redis, both keeping entries an hour past TTL. */
function instances() {
  const data = new Map<string, MemoryL2Slot>();
  const options = { serializer: losslessSerializer(), grace: '1h' } as const;
  const writer = createCache({ l2: [memoryL2Store({ data })], ...options });
  const reader = createCache({ l2: [memoryL2Store({ data })], ...options });
  return { writer, reader };
}

describe('typed helpers with stale values', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a stale value through the database outage, validated like a fresh one', async () => {
    const { writer, reader } = instances();
    await writer.getOrCompute('user:1', ada, { ttl: '1m' });
    vi.setSystemTime(Date.now() + 61_000);
    const user = await getOrComputeTyped(reader, 'user:1', User, down, { ttl: '1m' });
    expect(user.joined).toBeInstanceOf(Date);
    expect(user.joined.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(reader.stats().staleServed).toBe(1);
  });

  it('never serves a stale value that fails the schema: the error reaches the caller', async () => {
    const { writer, reader } = instances();
    await writer.getOrCompute('user:1', () => ({ id: 'not a number' }), { ttl: '1m' });
    vi.setSystemTime(Date.now() + 61_000);
    await expect(getOrComputeTyped(reader, 'user:1', User, down, { ttl: '1m' })).rejects.toThrow(
      'database down',
    );
    expect(typedStats(reader).invalid).toBe(1);
  });

  it('gives the computation the validated stale value as ctx.stale, or undefined when invalid', async () => {
    const { writer, reader } = instances();
    await writer.getOrCompute('user:1', ada, { ttl: '1m' });
    await writer.getOrCompute('user:2', () => ({ id: 'bad' }), { ttl: '1m' });
    vi.setSystemTime(Date.now() + 61_000);
    const seen: unknown[] = [];
    const compute = (ctx: { stale: unknown }) => {
      seen.push(ctx.stale);
      return ada();
    };
    await getOrComputeTyped(reader, 'user:1', User, compute, { ttl: '1m' });
    await getOrComputeTyped(reader, 'user:2', User, compute, { ttl: '1m' });
    expect((seen[0] as { joined: unknown }).joined).toBeInstanceOf(Date);
    expect(seen[1]).toBeUndefined();
  });
});
