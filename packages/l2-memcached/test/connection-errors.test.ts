import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, inject, it } from 'vitest';
import { Connection } from '../src/connection.js';
import { parseServer } from '../src/index.js';

const server = parseServer(inject('memcachedUrl'));

describe('a command memcached refuses', () => {
  it('is reported as malformed, not as a server older than 1.6, and the connection recovers', async () => {
    const connection = new Connection({
      ...server,
      timeoutMs: 1000,
      reconnectInitialMs: 50,
      reconnectMaxMs: 200,
    });
    const error = await connection.send('ms k 1 TNaN\r\nx\r\n').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isCacheError(error, 'tier-failure')).toBe(true);
    expect((error as Error).message).toContain('CLIENT_ERROR');
    expect((error as Error).message).not.toContain('memcached 1.6');
    expect((await connection.send('mn\r\n')).code).toBe('MN');
    connection.close();
  });
});
