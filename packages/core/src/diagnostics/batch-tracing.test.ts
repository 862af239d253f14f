import { afterEach, describe, expect, it } from 'vitest';
import { createCache } from '../cache/create-cache.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { CHANNEL_NAMES } from './channel-names.js';
import { diagnosticsChannels } from './channels.js';
import type { OperationName } from './operation-contexts.js';
import { subscribeOperation } from './subscribe-operation.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const BATCH_OPERATIONS: OperationName[] = [
  'getMany',
  'setMany',
  'getOrComputeMany',
  'expire',
  'deleteByTag',
  'clear',
];

function recordBatchOperations(): Record<string, unknown>[] {
  const finished: Record<string, unknown>[] = [];
  for (const name of BATCH_OPERATIONS) {
    const stop = subscribeOperation(
      diagnosticsChannels[name] as (typeof diagnosticsChannels)['get'],
      { start: () => undefined, finish: (context) => finished.push({ ...context }) },
    );
    cleanups.push(stop);
  }
  return finished;
}

describe('tracing of batch, tag, expire and namespace operations', () => {
  it('publishes each on its documented channel with its keys, tags or namespace', async () => {
    const finished = recordBatchOperations();
    const cache = createCache({ l2: [memoryL2Store({ name: 'shared' })] });

    await cache.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, 2, undefined]);
    expect(await cache.getOrComputeMany(['a', 'd'], () => new Map([['d', 4]]))).toEqual([1, 4]);
    await cache.expire('a');
    await cache.deleteByTag('team:7');
    expect(await cache.namespace('users').clear()).toBe(0);
    await cache.clear();

    expect(finished).toEqual([
      { operation: 'setMany', keys: ['a', 'b'], result: undefined },
      { operation: 'getMany', keys: ['a', 'b', 'c'], hits: 2, result: [1, 2, undefined] },
      { operation: 'getOrComputeMany', keys: ['a', 'd'], result: [1, 4] },
      { operation: 'expire', keys: ['a'], result: undefined },
      { operation: 'deleteByTag', tags: ['team:7'], result: undefined },
      { operation: 'clear', namespace: 'users', result: 0 },
      { operation: 'clear', namespace: undefined, result: undefined },
    ]);
  });

  it('reports a rejected batch call with its error, and still rejects instead of throwing', async () => {
    const finished = recordBatchOperations();
    const cache = createCache();
    const bad = cache.getMany('not-a-list' as unknown as string[]);
    const badEntries = cache.setMany([null as unknown as { key: string; value: unknown }]);
    await expect(bad).rejects.toMatchObject({ code: 'invalid-key' });
    await expect(badEntries).rejects.toBeInstanceOf(Error);
    expect(finished.map(({ operation, keys }) => ({ operation, keys }))).toEqual([
      { operation: 'getMany', keys: ['not-a-list'] },
      { operation: 'setMany', keys: [''] },
    ]);
    expect(finished.every((context) => 'error' in context)).toBe(true);
  });

  it('names the channels multi-tier-cache:<operation>', () => {
    expect(BATCH_OPERATIONS.map((name) => CHANNEL_NAMES[name])).toEqual([
      'multi-tier-cache:getMany',
      'multi-tier-cache:setMany',
      'multi-tier-cache:getOrComputeMany',
      'multi-tier-cache:expire',
      'multi-tier-cache:deleteByTag',
      'multi-tier-cache:clear',
    ]);
  });
});
