import { randomUUID } from 'node:crypto';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { memcachedStore } from '../src/index.js';

const url = inject('memcachedUrl');
const bytes = (text: string) => new TextEncoder().encode(text);
const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

function leasedStore(prefix: string) {
  const store = memcachedStore({
    servers: url,
    prefix,
    stampedeProtection: { leaseMs: 5000, waitMs: 2000, pollMs: 5 },
  });
  closers.push(() => store.close());
  return store;
}

describe('stampedeProtection', () => {
  it('elects one reader to recompute; another instance waits for its value', async () => {
    const prefix = `stampede:${randomUUID()}:`;
    const a = leasedStore(prefix);
    const b = leasedStore(prefix);
    expect(await a.get('report')).toBeUndefined(); // a won the lease
    const waiting = b.get('report');
    await a.set('report', bytes('computed once'), 60_000);
    const entry = await waiting;
    expect(new TextDecoder().decode(entry?.value)).toBe('computed once');
  });

  it('runs one computation for concurrent getOrCompute calls on two instances', async () => {
    const prefix = `stampede:${randomUUID()}:`;
    let computations = 0;
    const compute = async () => {
      computations++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { total: 42 };
    };
    const caches = [0, 1].map(() =>
      createCache({ l1: memoryL1Store(), l2: leasedStore(prefix), timeout: 3000 }),
    );
    const results = await Promise.all(
      caches.flatMap((cache) => [1, 2, 3].map(() => cache.getOrCompute('total', compute))),
    );
    expect(results).toEqual(Array.from({ length: 6 }, () => ({ total: 42 })));
    expect(computations).toBe(1);
  });

  it('treats a placeholder as a miss for readers without the option, and gives up waiting after waitMs', async () => {
    const prefix = `stampede:${randomUUID()}:`;
    const holder = leasedStore(prefix);
    expect(await holder.get('never-written')).toBeUndefined();
    const plain = memcachedStore({ servers: url, prefix });
    closers.push(() => plain.close());
    expect(await plain.get('never-written')).toBeUndefined();
    expect(await plain.getMany(['never-written'])).toEqual([undefined]);
    const impatient = memcachedStore({
      servers: url,
      prefix,
      stampedeProtection: { waitMs: 50, pollMs: 5 },
    });
    closers.push(() => impatient.close());
    expect(await impatient.get('never-written')).toBeUndefined();
  });
});
