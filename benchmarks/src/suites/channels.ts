import { createCache, diagnosticsChannels, subscribeOperation } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { compareActive } from '../compare-active.js';
import { compare, type Row, timeRow } from '../harness.js';
import { L2_KEYS, L2_VALUE } from '../l2-hit.js';
import { noopL1Store } from '../noop-l1-store.js';

const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const VALUE = { id: 1, name: 'Ada Lovelace', roles: ['admin'] };
const L1_RUN = { iterations: 1_000_000, rounds: 9 };
const L2_RUN = { iterations: 4000, rounds: 9 };

/**
 * What the diagnostics channels cost on the hot paths. A build with the publish sites compiled out
 * cannot be timed from outside core, so the ≤ 3% rows time the call with one more `hasSubscribers`
 * read and branch (exactly what each publish site does with no subscriber) against the plain
 * call: the difference is what compiling the check out would save. The other rows time the call
 * with a subscriber (no-op handlers, as an exporter's floor) against no subscriber.
 */
export async function channelsRows(redisUrl: string): Promise<Row[]> {
  const l1Cache = createCache({ l1: lruStore({ maxEntries: 2000 }) });
  for (const key of KEYS) await l1Cache.set(key, VALUE);
  const store = ioredisStore({ url: redisUrl, prefix: 'bench:channels:' });
  const l2Cache = createCache({ l1: noopL1Store(), l2: [store], timeout: 5000 });
  for (const key of L2_KEYS) await l2Cache.set(key, L2_VALUE, { ttl: '1h' });

  const l1Get = (i: number) => l1Cache.get(KEYS[i % 1000]!);
  const l1Compute = (i: number) => l1Cache.getOrCompute(KEYS[i % 1000]!, () => VALUE);
  const l2Get = (i: number) => l2Cache.get(L2_KEYS[i % 100]!);
  const checked =
    <Result>(channel: { readonly hasSubscribers: boolean }, op: (i: number) => Result) =>
    (i: number) => {
      if (channel.hasSubscribers) throw new Error('no subscriber expected');
      return op(i);
    };
  // The baseline goes through one wrapper frame as well, so the rows differ by the check alone.
  const unchecked =
    <Result>(op: (i: number) => Result) =>
    (i: number) =>
      op(i);

  try {
    const rows = [
      timeRow(
        'channels L1 hit',
        'cache.get + one more hasSubscribers check vs cache.get (no subscriber)',
        await compare(checked(diagnosticsChannels.get, l1Get), unchecked(l1Get), L1_RUN),
        1.03,
      ),
      timeRow(
        'channels L1 hit',
        'cache.getOrCompute + one more check vs cache.getOrCompute (no subscriber)',
        await compare(
          checked(diagnosticsChannels.getOrCompute, l1Compute),
          unchecked(l1Compute),
          L1_RUN,
        ),
        1.03,
      ),
      timeRow(
        'channels L2 hit ioredis',
        'cache.get + one more check vs cache.get (no subscriber)',
        await compare(checked(diagnosticsChannels.get, l2Get), unchecked(l2Get), L2_RUN),
        1.03,
      ),
    ];
    rows.push(
      timeRow(
        'channels L1 hit',
        'cache.get with a no-op subscriber vs no subscriber',
        await compareActive(l1Get, noopSubscriber, L1_RUN),
      ),
      timeRow(
        'channels L2 hit ioredis',
        'cache.get with a no-op subscriber vs no subscriber',
        await compareActive(l2Get, noopSubscriber, L2_RUN),
      ),
    );
    return rows;
  } finally {
    await Promise.all([l1Cache.close(), l2Cache.close()]);
  }
}

/** A no-op subscriber on `multi-tier-cache:get`, as an exporter's floor. */
const noopSubscriber = () =>
  subscribeOperation(diagnosticsChannels.get, { start: () => undefined, finish: () => {} });
