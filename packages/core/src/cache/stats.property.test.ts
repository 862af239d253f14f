import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fault, faultyL1, faultyL2 } from '../../test/support/faulty-stores.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

type Operation =
  | { kind: 'get'; key: string }
  | { kind: 'getOrCompute'; key: string; outcome: 'value' | 'reject' | 'throw' | 'async' }
  | { kind: 'set'; key: string }
  | { kind: 'delete'; key: string }
  | { kind: 'getMany'; keys: string[] }
  | { kind: 'setMany'; keys: string[] }
  | { kind: 'getOrComputeMany'; keys: string[]; outcome: 'partial' | 'reject' | 'throw' | 'async' }
  | { kind: 'l2Fault'; method: 'get' | 'set' | 'getMany' | 'setMany'; fault: Fault | 'none' }
  | { kind: 'l1SetThrows'; on: boolean };

const key = fc.constantFrom('a', 'b', 'c');
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), key }),
  fc.record({
    kind: fc.constant('getOrCompute' as const),
    key,
    outcome: fc.constantFrom(
      'value' as const,
      'reject' as const,
      'throw' as const,
      'async' as const,
    ),
  }),
  fc.record({ kind: fc.constant('set' as const), key }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('getMany' as const), keys: fc.array(key, { maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('setMany' as const),
    keys: fc.array(key, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('getOrComputeMany' as const),
    keys: fc.array(key, { maxLength: 4 }),
    outcome: fc.constantFrom(
      'partial' as const,
      'reject' as const,
      'throw' as const,
      'async' as const,
    ),
  }),
  fc.record({
    kind: fc.constant('l2Fault' as const),
    method: fc.constantFrom('get' as const, 'set' as const, 'getMany' as const, 'setMany' as const),
    fault: fc.constantFrom('none' as const, 'throw' as const, 'reject' as const, 'hang' as const),
  }),
  fc.record({ kind: fc.constant('l1SetThrows' as const), on: fc.boolean() }),
);

describe('exact stats', () => {
  it('counts callers who joined a failed computation as misses', async () => {
    const cache = createCache({ l2: [memoryL2Store()] });
    const fail = () => Promise.reject(new Error('down'));
    const calls = [1, 2, 3].map(() => cache.getOrCompute('k', fail));
    await Promise.allSettled(calls);
    expect(cache.stats()).toMatchObject({ requests: 3, hits: 0, misses: 3, coalesced: 2 });
  });

  it('keeps requests = hits + misses through random operations, failing computations and failing tiers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(operation, { minLength: 1, maxLength: 6 }), { maxLength: 12 }),
        fc.boolean(),
        async (batches, strict) => {
          const l1 = faultyL1(memoryL1Store());
          const l2 = faultyL2(memoryL2Store());
          const cache = createCache({
            l1: l1.store,
            l2: [l2.store],
            strict,
            timeout: 5,
            breaker: { failureThreshold: 3, cooldownMs: 5 },
          });
          for (const batch of batches) {
            // One batch runs concurrently, so callers join reads and computations under way.
            await Promise.allSettled(batch.map((op) => run(cache, op, l1.state, l2.state)));
            const stats = cache.stats();
            expect(stats.requests).toBe(stats.hits + stats.misses);
          }
          expect(cache.stats().inFlight).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function run(
  cache: ReturnType<typeof createCache>,
  op: Operation,
  l1: ReturnType<typeof faultyL1>['state'],
  l2: ReturnType<typeof faultyL2>['state'],
): Promise<unknown> {
  switch (op.kind) {
    case 'get':
      return cache.get(op.key);
    case 'getOrCompute':
      return cache.getOrCompute(op.key, () => {
        if (op.outcome === 'throw') throw new Error('compute failed');
        if (op.outcome === 'reject') return Promise.reject(new Error('compute failed'));
        if (op.outcome === 'async') return new Promise((resolve) => setTimeout(resolve, 1, 'slow'));
        return 'computed';
      });
    case 'set':
      return cache.set(op.key, 'set');
    case 'delete':
      return cache.delete(op.key);
    case 'getMany':
      return cache.getMany(op.keys);
    case 'setMany':
      return cache.setMany(op.keys.map((k) => ({ key: k, value: 'set' })));
    case 'getOrComputeMany':
      return cache.getOrComputeMany(op.keys, (missing) => {
        if (op.outcome === 'throw') throw new Error('compute failed');
        if (op.outcome === 'reject') return Promise.reject(new Error('compute failed'));
        // Leaves the last key out: a miss that caches nothing.
        const found = new Map(missing.slice(0, -1).map((k) => [k, 'computed']));
        if (op.outcome === 'async') {
          return new Promise<Map<string, string>>((resolve) => setTimeout(resolve, 1, found));
        }
        return found;
      });
    case 'l2Fault':
      if (op.fault === 'none') delete l2.faults[op.method];
      else l2.faults[op.method] = op.fault;
      return Promise.resolve();
    case 'l1SetThrows':
      l1.faults.set = op.on;
      return Promise.resolve();
  }
}
