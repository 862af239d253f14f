import { describe, expect, it } from 'vitest';
import {
  faultyL1,
  faultyL2,
  type L1Method,
  L2_METHODS,
  type L2Method,
  outcome,
} from '../../test/support/faulty-stores.js';
import type { Bus, BusListener } from '../bus/bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function faultyCache(strict = false) {
  const l1 = faultyL1(memoryL1Store());
  const base = memoryL2Store();
  const l2 = faultyL2(base);
  const cache = createCache({
    l1: l1.store,
    l2: [l2.store],
    timeout: 50,
    strict,
    breaker: { failureThreshold: 1000 },
  });
  return { l1, l2, base, cache };
}

describe('a throwing store or L1 cannot hang a caller', () => {
  for (const strict of [false, true]) {
    for (const method of ['get', 'set'] as const satisfies readonly L2Method[]) {
      for (const fault of ['throw', 'reject', 'hang'] as const) {
        it(`settles get, getOrCompute and set when L2.${method} does ${fault}${strict ? ' (strict)' : ''}`, async () => {
          const { l2, cache } = faultyCache(strict);
          l2.state.faults[method] = fault;
          const calls = [
            cache.get('a'),
            cache.get('a'),
            cache.getOrCompute('b', () => 'computed'),
            cache.getOrCompute('b', () => 'other'),
            cache.set('c', 1),
          ];
          for (const call of calls) expect(await outcome(call)).not.toBe('pending');
          l2.state.faults = {};
          expect(await cache.getOrCompute('b2', () => 'after')).toBe('after');
          expect(cache.stats().inFlight).toBe(0);
        });
      }
    }
  }

  it('settles get and its joined callers when L1.set throws during promotion, then reads again', async () => {
    const { l1, base, cache } = faultyCache();
    await base.set('k', encode('v'), 60_000);
    l1.state.faults.set = true;
    const first = cache.get('k');
    const second = cache.get('k');
    expect(await outcome(first)).toBe('rejected');
    expect(await outcome(second)).toBe('rejected');
    l1.state.faults = {};
    expect(await cache.get('k')).toBe('v');
  });

  it('settles getOrCompute when L1.set throws during promotion or after the computation', async () => {
    const { l1, base, cache } = faultyCache();
    await base.set('promoted', encode('v'), 60_000);
    l1.state.faults.set = true;
    expect(await outcome(cache.getOrCompute('promoted', () => 'x'))).toBe('rejected');
    const computed = [
      cache.getOrCompute('computed', () => 'x'),
      cache.getOrCompute('computed', () => 'y'),
    ];
    for (const call of computed) expect(await outcome(call)).toBe('rejected');
    l1.state.faults = {};
    expect(await cache.getOrCompute('promoted', () => 'x')).toBe('v');
    expect(await cache.getOrCompute('computed', () => 'z')).toBe('z');
  });

  it('rejects get when L1.get throws, instead of throwing', async () => {
    const { l1, cache } = faultyCache();
    l1.state.faults.get = true;
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = cache.get('k');
    }).not.toThrow();
    expect(await outcome(pending!)).toBe('rejected');
  });

  it('settles every caller of a computation that throws synchronously, and forgets it', async () => {
    const { cache } = faultyCache();
    const boom = () => {
      throw new Error('boom');
    };
    const calls = [cache.getOrCompute('k', boom), cache.getOrCompute('k', boom)];
    for (const call of calls) await expect(call).rejects.toThrow('boom');
    expect(await cache.getOrCompute('k', () => 'ok')).toBe('ok');
  });
});

/** Every public method once, in an order that reads, computes, writes and removes. */
function everyMethod(cache: ReturnType<typeof createCache>): [string, Promise<unknown>][] {
  return [
    ['get', cache.get('m')],
    ['getOrCompute', cache.getOrCompute('m2', () => 'computed')],
    ['set', cache.set('m3', 1)],
    ['updateCache', cache.updateCache('m4', 1)],
    ['delete', cache.delete('m3')],
    ['invalidatePattern', cache.invalidatePattern('m*')],
    ['clear', cache.clear()],
    ['healthCheck', cache.healthCheck()],
  ];
}

describe('every method settles whatever the stores do', () => {
  for (const method of L2_METHODS) {
    for (const fault of ['throw', 'reject', 'hang'] as const) {
      it(`when L2.${method} does ${fault}`, async () => {
        const { l2, cache } = faultyCache();
        l2.state.faults[method] = fault;
        for (const [name, call] of everyMethod(cache)) {
          expect(await outcome(call), name).not.toBe('pending');
        }
        expect(await outcome(cache.close())).toBe('fulfilled');
      });
    }
  }

  for (const method of [
    'get',
    'getWithTtl',
    'set',
    'delete',
    'deleteMatching',
    'clear',
  ] as const satisfies readonly L1Method[]) {
    it(`when L1.${method} throws`, async () => {
      const { l1, cache } = faultyCache();
      l1.state.faults[method] = true;
      for (const [name, call] of everyMethod(cache)) {
        expect(await outcome(call), name).not.toBe('pending');
      }
      expect(await outcome(cache.close())).toBe('fulfilled');
      expect(cache.stats().inFlight).toBe(0);
    });
  }
});

describe('a throwing L1 and the bus', () => {
  it('reports an L1 failure while applying a message instead of throwing into the bus', async () => {
    let listener: BusListener | undefined;
    const bus: Bus = {
      publish: async () => {},
      subscribe(subscriber) {
        listener = subscriber;
        return () => {};
      },
      close: async () => {},
    };
    const l1 = faultyL1(memoryL1Store(), { delete: true });
    const cache = createCache({ l1: l1.store, bus });
    const errors: string[] = [];
    cache.on('error', ({ tier, operation }) => errors.push(`${tier}.${operation}`));
    expect(() => listener!.onMessage({ type: 'remove', keys: ['k'] })).not.toThrow();
    expect(errors).toEqual(['memory.invalidate']);
  });
});
