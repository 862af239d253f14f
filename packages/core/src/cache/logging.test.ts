import { describe, expect, it } from 'vitest';
import { faultyL2 } from '../../test/support/faulty-stores.js';
import { memoryBusHub } from '../memory/memory-bus.js';
import { memoryL2Store } from '../memory/memory-l2-store.js';
import type { CacheLogger } from './cache-logger.js';
import { createCache } from './create-cache.js';

function recordingLogger() {
  const lines: { level: string; object: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (object: Record<string, unknown>, message: string): void => {
      lines.push({ level, object, message });
    };
  const logger: CacheLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines, above: () => lines.filter((line) => line.level !== 'debug') };
}

describe('logger option', () => {
  it('logs one warning when a tier starts failing and one info when it answers again, not one per call', async () => {
    const { logger, above } = recordingLogger();
    const l2 = faultyL2(memoryL2Store({ name: 'shared' }), { get: 'reject' });
    const cache = createCache({
      l2: [l2.store],
      logger,
      breaker: { failureThreshold: 2, cooldownMs: 30 },
    });
    for (let round = 0; round < 3; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, index) => cache.get(`k${index}`)));
    }
    expect(above()).toEqual([
      {
        level: 'warn',
        object: { tier: 'shared', failures: 2, error: { message: 'injected get rejection' } },
        message: 'shared is failing: skipped until a probe succeeds (circuit open)',
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    l2.state.faults = {};
    for (let round = 0; round < 3; round++) await cache.get('probe');
    expect(above().map((line) => [line.level, line.message])).toEqual([
      ['warn', 'shared is failing: skipped until a probe succeeds (circuit open)'],
      ['info', 'shared answers again (circuit closed)'],
    ]);
  });

  it('logs a bus gap as a warning saying what happened to L1', () => {
    const { logger, lines } = recordingLogger();
    const hub = memoryBusHub();
    createCache({ bus: hub.connect(), logger });
    hub.simulateReconnect();
    expect(lines).toEqual([
      {
        level: 'warn',
        object: { action: 'clear-l1' },
        message:
          'invalidation bus reconnected after a gap: L1 cleared, since messages sent meanwhile are lost',
      },
    ]);
  });

  it('keeps serving when the logger throws', async () => {
    const throwing = () => {
      throw new Error('logger down');
    };
    const l2 = faultyL2(memoryL2Store(), { get: 'reject' });
    const cache = createCache({
      l2: [l2.store],
      logger: { debug: throwing, info: throwing, warn: throwing, error: throwing },
      breaker: { failureThreshold: 1 },
    });
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    expect(await cache.get('other')).toBeUndefined();
  });
});
