import type { Channel } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { faultyL2 } from '../../test/support/faulty-stores.js';
import { diagnosticsChannels } from '../diagnostics/channels.js';
import type { OperationName } from '../diagnostics/operation-contexts.js';
import { subscribeOperation } from '../diagnostics/subscribe-operation.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Finished = Record<string, unknown>;

function recordOperations(): Finished[] {
  const finished: Finished[] = [];
  const operations: OperationName[] = [
    'get',
    'getOrCompute',
    'set',
    'delete',
    'invalidatePattern',
    'clear',
  ];
  for (const name of operations) {
    const stop = subscribeOperation(
      diagnosticsChannels[name] as (typeof diagnosticsChannels)['get'],
      { start: () => undefined, finish: (context) => finished.push({ ...context }) },
    );
    cleanups.push(stop);
  }
  return finished;
}

function recordChannel(channel: Channel): unknown[] {
  const messages: unknown[] = [];
  const listener = (message: unknown) => messages.push(message);
  channel.subscribe(listener);
  cleanups.push(() => channel.unsubscribe(listener));
  return messages;
}

describe('diagnostics channels of a real cache', () => {
  it('a subscriber sees each operation with its key, the tier that answered and the outcome', async () => {
    const finished = recordOperations();
    const promotions = recordChannel(diagnosticsChannels.promotion);
    const l2 = memoryL2Store({ name: 'shared' });
    const cache = createCache({ l2: [l2] });
    await l2.set('warm', new TextEncoder().encode('1'), 60_000);

    expect(await cache.get('cold')).toBeUndefined();
    expect(await cache.get('warm')).toBe(1);
    expect(await cache.get('warm')).toBe(1);
    expect(await cache.getOrCompute('computed', () => 7)).toBe(7);
    expect(await cache.getOrCompute('computed', () => 8)).toBe(7);
    await cache.set('written', 2, 5_000);
    await cache.delete('written');
    await cache.invalidatePattern('comp*');
    await cache.clear();
    await expect(cache.get('')).rejects.toMatchObject({ code: 'invalid-key' });

    expect(
      finished.map(({ operation, key, tier, outcome }) => ({ operation, key, tier, outcome })),
    ).toEqual([
      { operation: 'get', key: 'cold', tier: undefined, outcome: 'miss' },
      { operation: 'get', key: 'warm', tier: 'shared', outcome: 'hit' },
      { operation: 'get', key: 'warm', tier: 'memory', outcome: 'hit' },
      { operation: 'getOrCompute', key: 'computed', tier: undefined, outcome: 'miss' },
      { operation: 'getOrCompute', key: 'computed', tier: 'memory', outcome: 'hit' },
      { operation: 'set', key: 'written', tier: undefined, outcome: undefined },
      { operation: 'delete', key: undefined, tier: undefined, outcome: undefined },
      { operation: 'invalidatePattern', key: undefined, tier: undefined, outcome: undefined },
      { operation: 'clear', key: undefined, tier: undefined, outcome: undefined },
      { operation: 'get', key: '', tier: undefined, outcome: undefined },
    ]);
    expect(finished[3]).toMatchObject({ computed: true });
    expect(finished[5]).toMatchObject({ ttlMs: 5_000 });
    expect(finished[6]).toMatchObject({ keys: ['written'] });
    expect(finished[7]).toMatchObject({ pattern: 'comp*', result: 2 });
    expect((finished[9]!.error as { code: string }).code).toBe('invalid-key');
    expect(promotions).toEqual([
      { key: 'warm', from: 'shared', to: 'memory', ttlMs: expect.any(Number) },
    ]);
    expect((promotions[0] as { ttlMs: number }).ttlMs).toBeGreaterThan(50_000);
  });

  it('publishes a breaker opening, its half-open probe and its closing, once each', async () => {
    const changes = recordChannel(diagnosticsChannels.breaker);
    const l2 = faultyL2(memoryL2Store({ name: 'shared' }), { get: 'reject' });
    const cache = createCache({
      l2: [l2.store],
      breaker: { failureThreshold: 2, cooldownMs: 30 },
    });
    await Promise.all([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]);
    expect(changes).toEqual([{ tier: 'shared', state: 'open', failures: 2 }]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    l2.state.faults = {};
    await cache.get('probe');
    expect(changes).toEqual([
      { tier: 'shared', state: 'open', failures: 2 },
      { tier: 'shared', state: 'half-open', failures: 4 },
      { tier: 'shared', state: 'closed', failures: 0 },
    ]);
  });

  it('publishes a bus gap and reconnect with what the cache did about it', async () => {
    const gaps = recordChannel(diagnosticsChannels.busGap);
    const reconnects = recordChannel(diagnosticsChannels.busReconnect);
    const hub = memoryBusHub();
    createCache({ bus: hub.connect() });
    createCache({ bus: hub.connect(), onBusReconnect: 'keep' });
    hub.simulateReconnect();
    expect(gaps).toEqual([
      { reason: 'subscription lost', action: 'clear-l1' },
      { reason: 'subscription lost', action: 'keep' },
    ]);
    expect(reconnects).toHaveLength(2);
  });
});
