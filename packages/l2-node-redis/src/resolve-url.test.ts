import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL, resolveRedisUrl } from './resolve-url.js';

describe('resolveRedisUrl', () => {
  const dirs: string[] = [];
  const folder = (dotenv?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'mtc-url-'));
    dirs.push(dir);
    if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers the programmatic URL over REDIS_URL and .env', () => {
    const cwd = folder('REDIS_URL=redis://dotenv:1\n');
    expect(
      resolveRedisUrl('redis://option:1', { env: { REDIS_URL: 'redis://env:1' }, cwd }),
    ).toEqual({ url: 'redis://option:1', source: 'option' });
  });

  it('uses REDIS_URL before the .env file', () => {
    const cwd = folder('REDIS_URL=redis://dotenv:1\n');
    expect(resolveRedisUrl(undefined, { env: { REDIS_URL: 'redis://env:1' }, cwd })).toEqual({
      url: 'redis://env:1',
      source: 'env',
    });
  });

  it('reads only the REDIS_URL line of .env, quoted, exported or commented', () => {
    const cwd = folder(
      [
        '# settings',
        'OTHER_URL=redis://other:1',
        'export REDIS_URL="redis://user:p#ss@dotenv:6380/2"',
        'MEMCACHED_URL=127.0.0.1:11211',
        '',
      ].join('\n'),
    );
    expect(resolveRedisUrl(undefined, { env: {}, cwd })).toEqual({
      url: 'redis://user:p#ss@dotenv:6380/2',
      source: 'dotenv',
    });
    const unquoted = folder('REDIS_URL=redis://dotenv:6381 # local\r\n');
    expect(resolveRedisUrl(undefined, { env: {}, cwd: unquoted }).url).toBe('redis://dotenv:6381');
  });

  it('falls back to redis://127.0.0.1:6379', () => {
    expect(resolveRedisUrl(undefined, { env: {}, cwd: folder() })).toEqual({
      url: DEFAULT_REDIS_URL,
      source: 'default',
    });
    expect(
      resolveRedisUrl('', { env: { REDIS_URL: '' }, cwd: folder('REDIS_URL=\n') }).source,
    ).toBe('default');
  });
});
