import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { hmacSigner, SIGNATURE_BYTES } from './signing.js';

describe('hmacSigner', () => {
  const payload = Buffer.from('hello');

  test('opens what it signed and refuses any changed byte', () => {
    const signer = hmacSigner('s3cret');
    const signed = signer.sign(payload);
    expect(signed.length).toBe(payload.length + SIGNATURE_BYTES);
    expect(signer.open(signed)).toEqual(payload);
    for (let i = 0; i < signed.length; i++) {
      const forged = Buffer.from(signed);
      forged[i] = forged[i]! ^ 1;
      expect(signer.open(forged)).toBeUndefined();
    }
  });

  test('refuses unsigned, short and other-secret payloads', () => {
    const signer = hmacSigner('a');
    expect(signer.open(payload)).toBeUndefined();
    expect(signer.open(Buffer.alloc(3))).toBeUndefined();
    expect(signer.open(hmacSigner('b').sign(payload))).toBeUndefined();
  });

  test('verifies with every secret of a rotation list and signs with the first', () => {
    const rotating = hmacSigner(['new', 'old']);
    expect(rotating.open(hmacSigner('old').sign(payload))).toEqual(payload);
    expect(hmacSigner('new').open(rotating.sign(payload))).toEqual(payload);
    expect(hmacSigner('old').open(rotating.sign(payload))).toBeUndefined();
  });

  test('refuses an empty secret with a configuration error', () => {
    expect(() => hmacSigner('')).toThrow(/secret is empty/);
    expect(() => hmacSigner([])).toThrow(/secret is empty/);
  });
});
