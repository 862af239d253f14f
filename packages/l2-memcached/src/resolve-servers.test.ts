import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { parseServer, resolveServers } from './resolve-servers.js';

function dirWithDotEnv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtc-memcached-env-'));
  writeFileSync(join(dir, '.env'), text);
  return dir;
}

const empty = mkdtempSync(join(tmpdir(), 'mtc-memcached-none-'));

describe('resolveServers', () => {
  it('prefers the servers option over MEMCACHED_URL and .env', () => {
    const cwd = dirWithDotEnv('MEMCACHED_URL=dotenv:1\n');
    expect(resolveServers(['a:1'], { env: { MEMCACHED_URL: 'env:1' }, cwd })).toEqual([
      { host: 'a', port: 1 },
    ]);
  });

  it('reads a comma-separated MEMCACHED_URL before .env', () => {
    const cwd = dirWithDotEnv('MEMCACHED_URL=dotenv:1\n');
    expect(
      resolveServers(undefined, { env: { MEMCACHED_URL: 'memcached://a:11211, b:11212' }, cwd }),
    ).toEqual([
      { host: 'a', port: 11211 },
      { host: 'b', port: 11212 },
    ]);
  });

  it('reads MEMCACHED_URL from .env in the working directory', () => {
    const cwd = dirWithDotEnv('# servers\nOTHER=1\nexport MEMCACHED_URL="memcached://c:3"\n');
    expect(resolveServers(undefined, { env: {}, cwd })).toEqual([{ host: 'c', port: 3 }]);
  });

  it('falls back to 127.0.0.1:11211', () => {
    expect(resolveServers(undefined, { env: {}, cwd: empty })).toEqual([
      { host: '127.0.0.1', port: 11211 },
    ]);
  });

  it('parses host, host:port, IPv6 and URLs, and refuses the rest', () => {
    expect(parseServer('cache')).toEqual({ host: 'cache', port: 11211 });
    expect(parseServer('[::1]:11300')).toEqual({ host: '::1', port: 11300 });
    expect(parseServer('memcached://10.0.0.1:11211/')).toEqual({ host: '10.0.0.1', port: 11211 });
    expect(() => parseServer('a:b:c')).toThrow(CacheError);
    expect(() => parseServer('a:70000')).toThrow(CacheError);
    expect(() => resolveServers([], { env: {}, cwd: empty })).toThrow(CacheError);
  });
});
