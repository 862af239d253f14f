import type { CacheLogger } from '@multi-tier-cache/core';
import { freePort } from '@multi-tier-cache/test-servers';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CacheSystem, type CacheSystemOptions } from '../src/index.js';

const redisUrl = inject('redisUrl');
const base: CacheSystemOptions = {
  prefix: 'mtc-startup-test:',
  invalidation: { channel: 'mtc-startup-test:invalidate' },
  readyTimeout: 400,
};

const open: CacheSystem[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((created) => created.close()));
});

function recordingLogger() {
  const lines: { level: string; object: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (object: Record<string, unknown>, message: string) => {
    lines.push({ level, object, message });
  };
  const logger: CacheLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, warnings: () => lines.filter((line) => line.level === 'warn') };
}

describe('CacheSystem start-up', () => {
  it('warns once, naming ECONNREFUSED and the address, when it starts without Redis, and reports degraded', async () => {
    const port = await freePort();
    const { logger, warnings } = recordingLogger();
    const system = await CacheSystem.withRedisUrl(`redis://127.0.0.1:${port}`, {
      ...base,
      logger,
    });
    open.push(system);
    expect(warnings()).toHaveLength(1);
    const [warning] = warnings();
    expect(warning!.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(warning!.message).not.toMatch(/max retries/i);
    expect(warning!.object).toEqual({ redis: `redis://127.0.0.1:${port}`, source: 'option' });

    const report = await system.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.status).toBe('degraded');
    expect(report.tiers[0]).toMatchObject({ status: 'down' });
    expect(report.tiers[0]!.reason).toMatch(/^(circuit open; )?ping failed: /);
    expect(report.bus).toMatchObject({ status: 'down' });
  });

  it('says the strict refusal with what happened rather than the retry limit', async () => {
    const port = await freePort();
    await expect(
      CacheSystem.withRedisUrl(`redis://127.0.0.1:${port}`, {
        ...base,
        strict: true,
        logger: false,
      }),
    ).rejects.toThrow(`ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('warns when Redis refuses the database of the URL, which ioredis would silently replace by 0', async () => {
    const { logger, warnings } = recordingLogger();
    const system = await CacheSystem.withRedisUrl(`${redisUrl}/999`, { ...base, logger });
    open.push(system);
    expect(warnings().map((line) => line.message)).toEqual([
      expect.stringMatching(
        /refused its database \(DB index out of range\): ioredis goes on with database 0/,
      ),
    ]);
  });

  it('logs nothing and reports ok when Redis answers', async () => {
    const { logger, warnings } = recordingLogger();
    const system = await CacheSystem.withRedisUrl(redisUrl, { ...base, logger });
    open.push(system);
    expect(warnings()).toEqual([]);
    expect(await system.healthCheck()).toMatchObject({ status: 'ok', bus: { status: 'ok' } });
  });
});
