import { inspect } from 'node:util';
import { CacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { redactError, secretsOf } from './redact-error.js';

const PASSWORD = 'a/b@c:d%e#f';

describe('secretsOf', () => {
  it('finds the password of a URL as written, decoded and encoded', () => {
    const encoded = encodeURIComponent(PASSWORD);
    expect(secretsOf(`redis://app:${encoded}@h:1`)).toEqual(
      expect.arrayContaining([encoded, PASSWORD]),
    );
    expect(secretsOf(`redis://app:${PASSWORD}@h:1`)).toContain(PASSWORD);
    expect(secretsOf(undefined, 'hunter2')).toContain('hunter2');
    expect(secretsOf('redis://h:1')).toEqual([]);
  });
});

describe('redactError', () => {
  it('hides secrets in message, stack, own properties, nested causes and URL inputs', () => {
    const url = `redis://app:${PASSWORD}@cache:6379`;
    let urlError: unknown;
    try {
      new URL(`redis://app:${PASSWORD}@ca che:6379`);
    } catch (error) {
      urlError = error;
    }
    const reply = Object.assign(new Error(`WRONGPASS for ${url}`), {
      command: { name: 'auth', args: ['app', PASSWORD, Buffer.from(PASSWORD)] },
    });
    const error = new CacheError('tier-failure', `cannot reach ${url}`, {
      cause: Object.assign(reply, { cause: urlError }),
    });
    const safe = redactError(error, secretsOf(url));
    const shown = inspect(safe, { depth: 10 });
    for (const part of ['a/b', 'b@c', 'c:d', 'd%e', 'e#f']) expect(shown).not.toContain(part);
    expect(safe).toBeInstanceOf(CacheError);
    expect((safe as CacheError).code).toBe('tier-failure');
    expect(shown).toContain('cannot reach redis://***@cache:6379');
    expect(inspect(error, { depth: 10 })).toContain(PASSWORD);
  });

  it('hides the tail of a password written with an unencoded @ in a URL it was not told of', () => {
    const safe = redactError(new Error('connect redis://u:p@ss@host:1 failed'), []) as Error;
    expect(safe.message).toBe('connect redis://***@host:1 failed');
  });

  it('passes non-objects through', () => {
    expect(redactError(undefined, ['x'])).toBeUndefined();
    expect(redactError('x y', ['x'])).toBe('*** y');
  });
});
