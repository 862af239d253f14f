import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { describeNodes, parseRedisNodes } from './redis-nodes.js';

describe('parseRedisNodes', () => {
  it('reads addresses and URLs, keeping each URL credentials and TLS', () => {
    const nodes = parseRedisNodes(
      ['rediss://app:p%2Fw@10.0.0.1:7000/0', { host: '10.0.0.2', port: 7001 }],
      'clusterNodes',
    );
    expect(nodes).toEqual([
      { host: '10.0.0.1', port: 7000, username: 'app', password: 'p/w', tls: true },
      { host: '10.0.0.2', port: 7001, tls: false },
    ]);
    expect(describeNodes(nodes)).toBe('10.0.0.1:7000, 10.0.0.2:7001');
  });

  it('refuses an empty list naming the option', () => {
    let error: unknown;
    try {
      parseRedisNodes([], 'sentinels');
    } catch (caught) {
      error = caught;
    }
    expect(isCacheError(error, 'configuration')).toBe(true);
    expect((error as Error).message).toContain('sentinels');
  });
});
