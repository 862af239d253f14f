import { inspect } from 'node:util';
import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './redis-url.js';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseRedisUrl', () => {
  it('reads host, port, user, password and database', () => {
    expect(parseRedisUrl('redis://app:s3cret@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 's3cret',
      db: 2,
      tls: false,
    });
  });

  it('defaults the port to 6379 and leaves the database unset without a path', () => {
    expect(parseRedisUrl('redis://localhost')).toEqual({
      host: 'localhost',
      port: 6379,
      tls: false,
    });
    expect(parseRedisUrl('redis://localhost/')).toEqual({
      host: 'localhost',
      port: 6379,
      tls: false,
    });
  });

  it('reads a password with / @ : % #, percent-encoded or not', () => {
    const password = 'a/b@c:d%e#f';
    for (const written of [password, encodeURIComponent(password)]) {
      expect(parseRedisUrl(`redis://:${written}@h:1/0`)).toEqual({
        host: 'h',
        port: 1,
        password,
        db: 0,
        tls: false,
      });
    }
  });

  it('turns on TLS for rediss:// and strips IPv6 brackets', () => {
    expect(parseRedisUrl('rediss://user:pw@secure.example.com').tls).toBe(true);
    expect(parseRedisUrl('redis://[::1]:7000').host).toBe('::1');
  });

  it('refuses other protocols, bad databases and non-URLs with a configuration error', () => {
    for (const url of ['http://h:6379', 'redis://h/db1', 'not a url']) {
      expect(
        isCacheError(
          caught(() => parseRedisUrl(url)),
          'configuration',
        ),
        url,
      ).toBe(true);
    }
  });

  it('never shows the password in its error, message or cause', () => {
    for (const url of ['http://user:hu/nt@er2@h', 'redis://user:hu/nt@er2@bad host']) {
      const error = caught(() => parseRedisUrl(url));
      expect(isCacheError(error, 'configuration')).toBe(true);
      const shown = inspect(error, { depth: 10 });
      expect(shown).not.toContain('hu/nt');
      expect(shown).not.toContain('er2');
      expect(shown).toContain('***@');
    }
  });
});
