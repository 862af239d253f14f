import { subscribe, type TracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from './channel-names.js';
import { diagnosticsChannels } from './channels.js';
import {
  type GetContext,
  type OperationContexts,
  type OperationName,
  operationContext,
} from './operation-contexts.js';
import {
  publishBreaker,
  publishBusDropped,
  publishBusGap,
  publishBusReconnect,
  publishPromotion,
} from './publish-events.js';
import { isTraced, traceOperation } from './trace-operation.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function record<Name extends OperationName>(name: Name) {
  const channel = diagnosticsChannels[name];
  const events: [string, OperationContexts[Name]][] = [];
  const handlers = {
    start: (context: OperationContexts[Name]) => events.push(['start', { ...context }]),
    end: (context: OperationContexts[Name]) => events.push(['end', { ...context }]),
    asyncStart: (context: OperationContexts[Name]) => events.push(['asyncStart', { ...context }]),
    asyncEnd: (context: OperationContexts[Name]) => events.push(['asyncEnd', { ...context }]),
    error: (context: OperationContexts[Name]) => events.push(['error', { ...context }]),
  };
  // biome-ignore lint/suspicious/noExplicitAny: each channel is typed with its own context
  (channel as any).subscribe(handlers);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  cleanups.push(() => (channel as any).unsubscribe(handlers));
  return events;
}

const readL1 = function readL1(this: Map<string, number>, key: string, context?: GetContext) {
  const value = this.get(key);
  if (context !== undefined) {
    context.tier = value === undefined ? undefined : 'l1';
    context.outcome = value === undefined ? 'miss' : 'hit';
  }
  return Promise.resolve(value);
};

describe('traceOperation', () => {
  it('with no subscriber builds no context and returns the very promise of the call', async () => {
    const contextOf = vi.fn(operationContext.get);
    const promise = Promise.resolve(1);
    const run = vi.fn((_key: string, _context: GetContext | undefined) => promise);
    expect(isTraced(diagnosticsChannels.get)).toBe(false);
    expect(traceOperation(diagnosticsChannels.get, contextOf, run, undefined, 'k')).toBe(promise);
    expect(contextOf).not.toHaveBeenCalled();
    expect(run).toHaveBeenCalledWith('k', undefined);
  });

  it('publishes start, end, asyncStart and asyncEnd with the tier and outcome the call filled in', async () => {
    const events = record('get');
    const l1 = new Map([['user:1', 7]]);
    expect(
      await traceOperation(diagnosticsChannels.get, operationContext.get, readL1, l1, 'user:1'),
    ).toBe(7);
    expect(events.map(([event]) => event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(events[0]![1]).toMatchObject({ operation: 'get', key: 'user:1', tier: undefined });
    expect(events[3]![1]).toMatchObject({ key: 'user:1', tier: 'l1', outcome: 'hit', result: 7 });
    await traceOperation(diagnosticsChannels.get, operationContext.get, readL1, l1, 'other');
    expect(events[7]![1]).toMatchObject({ key: 'other', tier: undefined, outcome: 'miss' });
  });

  it('publishes error with context.error when the call rejects, and still rejects', async () => {
    const events = record('set');
    const failure = new Error('tier down');
    const run = (_key: string) => Promise.reject(failure);
    await expect(
      traceOperation(diagnosticsChannels.set, operationContext.set, run, undefined, 'k'),
    ).rejects.toBe(failure);
    expect(events.map(([event]) => event)).toEqual([
      'start',
      'end',
      'error',
      'asyncStart',
      'asyncEnd',
    ]);
    expect(events[2]![1]).toMatchObject({ operation: 'set', key: 'k', error: failure });
  });

  it.each([
    ['getOrCompute', 'k', { operation: 'getOrCompute', key: 'k', computed: false }],
    ['delete', ['a', 'b'], { operation: 'delete', keys: ['a', 'b'] }],
    ['invalidatePattern', 'user:*', { operation: 'invalidatePattern', pattern: 'user:*' }],
    ['clear', undefined, { operation: 'clear' }],
  ] as const)('traces %s with its context', async (name, arg, expected) => {
    const events = record(name);
    const contextOf = operationContext[name] as (arg: unknown) => object;
    await traceOperation(
      diagnosticsChannels[name] as TracingChannel<unknown, object>,
      contextOf,
      async () => 'done',
      undefined,
      arg,
    );
    expect(events.map(([event]) => event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(events[3]![1]).toMatchObject({ ...expected, result: 'done' });
  });

  it('counts a subscriber to any one event as tracing', () => {
    const onError = () => {};
    diagnosticsChannels.delete.error.subscribe(onError);
    expect(isTraced(diagnosticsChannels.delete)).toBe(true);
    diagnosticsChannels.delete.error.unsubscribe(onError);
    expect(isTraced(diagnosticsChannels.delete)).toBe(false);
  });
});

describe('event channels', () => {
  function listen(name: string): unknown[] {
    const messages: unknown[] = [];
    const listener = (message: unknown) => messages.push(message);
    subscribe(name, listener);
    cleanups.push(() => unsubscribe(name, listener));
    return messages;
  }

  it('deliver each helper message to subscribers of the documented name', () => {
    const promotion = listen('multi-tier-cache:promotion');
    const breaker = listen('multi-tier-cache:breaker');
    const gap = listen('multi-tier-cache:bus.gap');
    const reconnect = listen('multi-tier-cache:bus.reconnect');
    const dropped = listen('multi-tier-cache:bus.dropped');
    publishPromotion('user:1', 'redis', 'l1', 30_000);
    publishBreaker('redis', 'half-open', 5);
    publishBusGap('subscription lost', 'clear-l1');
    publishBusReconnect(1_250);
    publishBusDropped('forged', 2);
    expect(promotion).toEqual([{ key: 'user:1', from: 'redis', to: 'l1', ttlMs: 30_000 }]);
    expect(breaker).toEqual([{ tier: 'redis', state: 'half-open', failures: 5 }]);
    expect(gap).toEqual([{ reason: 'subscription lost', action: 'clear-l1' }]);
    expect(reconnect).toEqual([{ downMs: 1_250 }]);
    expect(dropped).toEqual([{ reason: 'forged', count: 2 }]);
  });

  it('keep the documented names', () => {
    expect(Object.values(CHANNEL_NAMES)).toEqual([
      'multi-tier-cache:get',
      'multi-tier-cache:set',
      'multi-tier-cache:getOrCompute',
      'multi-tier-cache:delete',
      'multi-tier-cache:invalidatePattern',
      'multi-tier-cache:clear',
      'multi-tier-cache:getMany',
      'multi-tier-cache:setMany',
      'multi-tier-cache:getOrComputeMany',
      'multi-tier-cache:expire',
      'multi-tier-cache:deleteByTag',
      'multi-tier-cache:promotion',
      'multi-tier-cache:breaker',
      'multi-tier-cache:bus.gap',
      'multi-tier-cache:bus.reconnect',
      'multi-tier-cache:bus.dropped',
      'multi-tier-cache:tier.error',
    ]);
    const onStart = vi.fn();
    subscribe('tracing:multi-tier-cache:getOrCompute:start', onStart);
    cleanups.push(() => unsubscribe('tracing:multi-tier-cache:getOrCompute:start', onStart));
    void traceOperation(
      diagnosticsChannels.getOrCompute,
      operationContext.getOrCompute,
      async () => 1,
      undefined,
      'k',
    );
    expect(onStart).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'k' }),
      'tracing:multi-tier-cache:getOrCompute:start',
    );
  });
});
