import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

const PASSWORDS = ['s3cret', 'p/ss', 'p@ss', 'p:ss', 'p%ss', 'p#ss', 'a/b@c:d%e#f', 'x@@y//z'];

describe('redactUrl', () => {
  it('hides every password with / @ : % #, raw or percent-encoded, tail included', () => {
    for (const password of PASSWORDS) {
      for (const written of [password, encodeURIComponent(password)]) {
        for (const url of [
          `redis://app:${written}@cache.internal:6380/2`,
          `rediss://:${written}@cache.internal`,
          `redis://${written}@h:1`,
        ]) {
          const redacted = redactUrl(url);
          expect(redacted, url).not.toContain(written);
          expect(redacted, url).toMatch(
            /^rediss?:\/\/\*\*\*@cache\.internal|^redis:\/\/\*\*\*@h:1$/,
          );
        }
      }
    }
  });

  it('keeps host, port and database of the redacted URL', () => {
    expect(redactUrl('redis://app:p@ss/w0rd@cache:6379/1')).toBe('redis://***@cache:6379/1');
  });

  it('leaves a URL without credentials, or a host list, unchanged', () => {
    expect(redactUrl('redis://cache:6379/0')).toBe('redis://cache:6379/0');
    expect(redactUrl('127.0.0.1:6379')).toBe('127.0.0.1:6379');
    expect(redactUrl('')).toBe('');
  });
});
