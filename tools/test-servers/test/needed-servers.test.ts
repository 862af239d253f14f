import { describe, expect, it } from 'vitest';
import { neededServers } from '../src/needed-servers.js';

describe('neededServers', () => {
  it('starts nothing for files that inject no server', () => {
    expect(neededServers([`import { lruStore } from '@multi-tier-cache/l1-lru';`])).toEqual({
      redis: false,
      memcached: false,
      cluster: false,
    });
  });

  it('starts each server some selected file injects, in either quote style', () => {
    expect(
      neededServers([`const url = inject('redisUrl');`, `const nodes = inject("clusterNodes");`]),
    ).toEqual({ redis: true, memcached: false, cluster: true });
    expect(neededServers([`inject('memcachedUrl')`])).toEqual({
      redis: false,
      memcached: true,
      cluster: false,
    });
  });
});
