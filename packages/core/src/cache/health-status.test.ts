import { describe, expect, it } from 'vitest';
import { faultyL1, faultyL2 } from '../../test/support/faulty-stores.js';
import type { Bus } from '../bus/bus.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL1Store } from '../memory/memory-l1-store.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import { createCache } from './create-cache.js';

describe('healthCheck status', () => {
  it('is ok when every tier answers', async () => {
    const cache = createCache({ l2: [memoryL2Store({ name: 'shared' })] });
    const report = await cache.healthCheck();
    expect(report.status).toBe('ok');
    expect(report.tiers[0]).toMatchObject({ name: 'shared', status: 'ok' });
    expect(report.bus).toBeUndefined();
  });

  it('is degraded, still healthy, with the reason, when a shared tier is down and its breaker open', async () => {
    const l2 = faultyL2(memoryL2Store({ name: 'shared' }), { get: 'reject', ping: 'reject' });
    const cache = createCache({ l2: [l2.store], breaker: { failureThreshold: 1 } });
    await cache.get('k');
    const report = await cache.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.status).toBe('degraded');
    expect(report.l1).toMatchObject({ status: 'ok' });
    expect(report.tiers[0]).toMatchObject({
      name: 'shared',
      healthy: false,
      status: 'down',
      circuitOpen: true,
      reason: 'circuit open; ping failed: injected ping rejection',
    });
  });

  it('is down when L1 fails', async () => {
    const l1 = faultyL1(memoryL1Store(), { set: true });
    const cache = createCache({ l1: l1.store });
    const report = await cache.healthCheck();
    expect(report.healthy).toBe(false);
    expect(report.status).toBe('down');
    expect(report.l1).toMatchObject({ status: 'down', reason: 'injected L1 set throw' });
  });

  it('is down with no L1 when every shared tier is down', async () => {
    const l2 = faultyL2(memoryL2Store({ name: 'shared' }), { ping: 'reject' });
    const cache = createCache({ l1: false, l2: [l2.store] });
    expect((await cache.healthCheck()).status).toBe('down');
  });

  it('reports the bus: ok while subscribed, degraded with the reason when disconnected', async () => {
    const connected = createCache({ bus: memoryBusHub().connect() });
    expect(await connected.healthCheck()).toMatchObject({ status: 'ok', bus: { status: 'ok' } });

    const disconnected: Bus = {
      publish: () => Promise.resolve(),
      subscribe: () => () => {},
      stats: () => ({ subscribed: false }),
      close: () => Promise.resolve(),
    };
    const cache = createCache({ bus: disconnected });
    expect(await cache.healthCheck()).toMatchObject({
      healthy: true,
      status: 'degraded',
      bus: {
        status: 'down',
        reason: 'bus disconnected: invalidations from other instances are not received',
      },
    });
  });
});
