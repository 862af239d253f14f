import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CacheError } from '@multi-tier-cache/core';

/**
 * Length of an HMAC-SHA256 signature in bytes, appended to every signed payload.
 *
 * @example
 * ```ts
 * const unsigned = signed.subarray(0, signed.length - SIGNATURE_BYTES);
 * ```
 */
export const SIGNATURE_BYTES = 32;

/**
 * A shared secret: a string (UTF-8) or raw bytes.
 *
 * @example
 * ```ts
 * const secret: Secret = randomBytes(32);
 * ```
 */
export type Secret = string | Uint8Array;

/**
 * Signs payloads with HMAC-SHA256 and checks signatures in constant time.
 *
 * @example
 * ```ts
 * const signer = hmacSigner(['new-secret', 'old-secret']);
 * const signed = signer.sign(payload);
 * signer.open(signed); // the payload, or undefined when unsigned or forged
 * ```
 */
export interface Signer {
  /** `payload` followed by its 32-byte signature under the first secret. */
  sign(payload: Buffer): Buffer;
  /** The payload without its signature when any secret verifies it; otherwise `undefined`. */
  open(signed: Buffer): Buffer | undefined;
}

/**
 * Creates a {@link Signer}. The first secret signs; every secret in the list verifies, so a secret
 * can be rotated without a flag day: add the new one second everywhere, then move it first, then
 * drop the old one.
 *
 * @example
 * ```ts
 * const signer = hmacSigner(process.env.CACHE_BUS_SECRET!);
 * ```
 */
export function hmacSigner(secrets: Secret | readonly Secret[]): Signer {
  const keys = (Array.isArray(secrets) ? secrets : [secrets]).map(toKey);
  if (keys.length === 0 || keys.some((key) => key.length === 0)) {
    throw new CacheError(
      'configuration',
      'secret is empty: pass a non-empty string or bytes (at least 32 random bytes is advisable)',
    );
  }
  const signing = keys[0]!;
  return {
    sign(payload) {
      return Buffer.concat([payload, mac(signing, payload)]);
    },
    open(signed) {
      if (signed.length < SIGNATURE_BYTES) return undefined;
      const payload = signed.subarray(0, signed.length - SIGNATURE_BYTES);
      const signature = signed.subarray(signed.length - SIGNATURE_BYTES);
      let valid = false;
      // Check every key, so the time taken does not tell which one matched.
      for (const key of keys) {
        if (timingSafeEqual(mac(key, payload), signature)) valid = true;
      }
      return valid ? payload : undefined;
    },
  };
}

function toKey(secret: Secret): Buffer {
  return typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}
