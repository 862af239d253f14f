import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCacheError } from '@multi-tier-cache/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL, parseRedisUrl, resolveRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port, user, password and database', () => {
    expect(parseRedisUrl('redis://app:s3cret@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 's3cret',
      db: 2,
    });
  });

  it('defaults the port to 6379 and leaves the database unset without a path', () => {
    expect(parseRedisUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379 });
    expect(parseRedisUrl('redis://localhost/')).toEqual({ host: 'localhost', port: 6379 });
  });

  it('takes a password without a user name, percent-decoded', () => {
    expect(parseRedisUrl('redis://:p%40ss%3Aw0rd@h:1/0')).toEqual({
      host: 'h',
      port: 1,
      password: 'p@ss:w0rd',
      db: 0,
    });
  });

  it('turns on TLS for rediss:// with the host as server name', () => {
    expect(parseRedisUrl('rediss://user:pw@secure.example.com')).toMatchObject({
      host: 'secure.example.com',
      port: 6379,
      username: 'user',
      password: 'pw',
      tls: { servername: 'secure.example.com' },
    });
    expect(parseRedisUrl('redis://plain.example.com').tls).toBeUndefined();
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(parseRedisUrl('redis://[::1]:7000').host).toBe('::1');
  });

  it('refuses other protocols, bad databases and non-URLs with a configuration error', () => {
    for (const url of ['http://h:6379', 'redis://h/db1', 'not a url']) {
      let caught: unknown;
      try {
        parseRedisUrl(url);
      } catch (error) {
        caught = error;
      }
      expect(isCacheError(caught, 'configuration'), url).toBe(true);
    }
  });

  it('never repeats the password in its error message', () => {
    expect(() => parseRedisUrl('http://user:hunter2@h')).toThrow(/user:\*\*\*@h/);
    expect(() => parseRedisUrl('http://user:hunter2@h')).not.toThrow(/hunter2/);
  });
});

describe('resolveRedisUrl', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'mtc-ioredis-url-'));
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prefers the url option over REDIS_URL and .env', () => {
    writeFileSync(join(cwd, '.env'), 'REDIS_URL=redis://from-file:1\n');
    expect(
      resolveRedisUrl({ url: 'redis://given:1', env: { REDIS_URL: 'redis://env:1' }, cwd }),
    ).toEqual({
      url: 'redis://given:1',
      source: 'option',
    });
  });

  it('prefers REDIS_URL over .env', () => {
    writeFileSync(join(cwd, '.env'), 'REDIS_URL=redis://from-file:1\n');
    expect(resolveRedisUrl({ env: { REDIS_URL: 'redis://env:1' }, cwd })).toEqual({
      url: 'redis://env:1',
      source: 'env',
    });
  });

  it('reads only the REDIS_URL line of .env, with quotes, export and comments', () => {
    writeFileSync(
      join(cwd, '.env'),
      '# settings\nOTHER=1\nREDIS_URLS=redis://wrong:1\nexport REDIS_URL="redis://file:7/3" # cache\nDB=x\n',
    );
    expect(resolveRedisUrl({ env: {}, cwd })).toEqual({
      url: 'redis://file:7/3',
      source: 'dotenv',
    });
    writeFileSync(join(cwd, '.env'), 'REDIS_URL = redis://bare:8 # comment\r\n');
    expect(resolveRedisUrl({ env: {}, cwd }).url).toBe('redis://bare:8');
  });

  it('falls back to redis://127.0.0.1:6379 without option, variable or file', () => {
    expect(resolveRedisUrl({ env: { REDIS_URL: '' }, cwd })).toEqual({
      url: DEFAULT_REDIS_URL,
      source: 'default',
    });
    writeFileSync(join(cwd, '.env'), 'REDIS_URL=\n');
    expect(resolveRedisUrl({ env: {}, cwd }).source).toBe('default');
  });
});
