import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL, readDotEnv, resolveRedisUrl } from './resolve-redis-url.js';

describe('resolveRedisUrl', () => {
  const dirs: string[] = [];
  const folder = (dotenv?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'mtc-redis-url-'));
    dirs.push(dir);
    if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers the url option, then REDIS_URL, then .env, then the default', () => {
    const cwd = folder('REDIS_URL=redis://dotenv:1\n');
    const env = { REDIS_URL: 'redis://env:1' };
    expect(resolveRedisUrl({ url: 'redis://option:1', env, cwd })).toEqual({
      url: 'redis://option:1',
      source: 'option',
    });
    expect(resolveRedisUrl({ env, cwd })).toEqual({ url: 'redis://env:1', source: 'env' });
    expect(resolveRedisUrl({ url: '', env: { REDIS_URL: '' }, cwd })).toEqual({
      url: 'redis://dotenv:1',
      source: 'dotenv',
    });
    expect(resolveRedisUrl({ env: {}, cwd: folder() })).toEqual({
      url: DEFAULT_REDIS_URL,
      source: 'default',
    });
  });

  it('takes the last REDIS_URL line of .env, as dotenv does', () => {
    const cwd = folder('REDIS_URL=redis://first:1\nREDIS_URL=redis://last:2\n');
    expect(resolveRedisUrl({ env: {}, cwd }).url).toBe('redis://last:2');
  });

  it('reads only the REDIS_URL line, quoted, exported or commented', () => {
    const cwd = folder(
      [
        '# settings',
        'OTHER_URL=redis://other:1',
        'REDIS_URLS=redis://wrong:1',
        'export REDIS_URL="redis://user:p#ss@dotenv:6380/2"',
        'MEMCACHED_URL=127.0.0.1:11211',
        '',
      ].join('\n'),
    );
    expect(resolveRedisUrl({ env: {}, cwd }).url).toBe('redis://user:p#ss@dotenv:6380/2');
    const unquoted = folder('REDIS_URL = redis://dotenv:6381 # local\r\n');
    expect(readDotEnv('REDIS_URL', unquoted)).toBe('redis://dotenv:6381');
    expect(readDotEnv('REDIS_URL', folder('REDIS_URL=\n'))).toBeUndefined();
  });
});
