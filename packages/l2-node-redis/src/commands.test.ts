import { isCacheError } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { setCommand } from './commands.js';

describe('setCommand', () => {
  it('sends the bytes without copying and the TTL as given', () => {
    const bytes = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    const command = setCommand('mtc:k', bytes, 1501);
    expect(command.slice(0, 2)).toEqual(['SET', 'mtc:k']);
    expect((command[2] as Buffer).buffer).toBe(bytes.buffer);
    expect([...(command[2] as Buffer)]).toEqual([2, 3]);
    expect(command.slice(3)).toEqual(['PX', '1501']);
  });

  it('refuses a value that is not bytes', () => {
    let caught: unknown;
    try {
      setCommand('mtc:k', 'text' as unknown as Uint8Array, 1000);
    } catch (error) {
      caught = error;
    }
    expect(isCacheError(caught, 'invalid-value')).toBe(true);
  });
});
