import { createCache, type MemoryL2Slot, memoryL2Store } from '@multi-tier-cache/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getTyped } from './get-typed.js';
import { setTyped } from './set-typed.js';
import { typedStats } from './typed-stats.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function twoInstances() {
  const data = new Map<string, MemoryL2Slot>();
  const l2 = memoryL2Store({ data });
  return {
    l2,
    a: createCache({ l2: [l2] }),
    b: createCache({ l2: [memoryL2Store({ data })] }),
  };
}

describe('getTyped', () => {
  const Session = v.object({ userId: v.number(), roles: v.array(v.string()) });

  it('resolves undefined for an absent key without running the schema', async () => {
    const { a } = twoInstances();
    expect(await getTyped(a, 'session:none', Session)).toBeUndefined();
    expect(typedStats(a)).toMatchObject({ validations: 0, invalid: 0 });
  });

  it('returns a value set with setTyped from L1 without validating it', async () => {
    const { a } = twoInstances();
    const session = { userId: 1, roles: ['admin'] };
    await setTyped(a, 'session:1', Session, session, { ttl: '1m' });
    expect(await getTyped(a, 'session:1', Session)).toBe(session);
    expect(typedStats(a).validations).toBe(0);
  });

  it('validates a value from the shared tier once and returns the same output afterwards', async () => {
    const { a, b } = twoInstances();
    await setTyped(a, 'session:2', Session, { userId: 2, roles: [] });
    const first = await getTyped(b, 'session:2', Session);
    const second = await getTyped(b, 'session:2', Session);
    expect(first).toEqual({ userId: 2, roles: [] });
    expect(second).toBe(first);
    expect(typedStats(b).validations).toBe(1);
  });

  it('treats a value that fails the schema as a miss, each time, and counts it', async () => {
    const { l2, b } = twoInstances();
    await l2.set('session:3', encode({ userId: 'three' }), 60_000);
    expect(await getTyped(b, 'session:3', Session)).toBeUndefined();
    expect(await getTyped(b, 'session:3', Session)).toBeUndefined();
    expect(typedStats(b)).toMatchObject({ validations: 1, invalid: 2, recomputed: 0 });
  });

  it('validates primitives too', async () => {
    const Port = z.number().int().min(1).max(65_535);
    const { l2, b } = twoInstances();
    await l2.set('port:ok', encode(6379), 60_000);
    await l2.set('port:bad', encode(70_000), 60_000);
    expect(await getTyped(b, 'port:ok', Port)).toBe(6379);
    expect(await getTyped(b, 'port:bad', Port)).toBeUndefined();
    expect(typedStats(b).invalid).toBe(1);
  });
});
