import { describe, expect, it } from 'vitest';
import { isCacheError } from '../errors.js';
import { validatePrefix } from './store-prefix.js';

describe('validatePrefix', () => {
  it('refuses an empty prefix, naming the option, the danger and the fix', () => {
    let error: unknown;
    try {
      validatePrefix('', 'ioredisStore');
    } catch (caught) {
      error = caught;
    }
    expect(isCacheError(error, 'configuration')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('ioredisStore');
    expect(message).toContain('prefix');
    expect(message).toContain('empty the whole database');
    expect(message).toContain('"app:"');
  });

  it('returns any other prefix as it is', () => {
    expect(validatePrefix('app[1]:', 'nodeRedisStore')).toBe('app[1]:');
  });
});
