/**
 * The pieces of `secret` (every `size`-character run, as written and percent-encoded) that
 * `shown` contains: an empty list means no part of the secret, not even a tail after an `@`, can
 * be read there. For tests that a store keeps passwords out of its errors.
 *
 * @example
 * ```ts
 * const shown = util.inspect(error, { depth: Infinity });
 * expect(exposedSecretParts(shown, 'p/ss@w:rd%#')).toEqual([]);
 * ```
 */
export function exposedSecretParts(shown: string, secret: string, size = 4): string[] {
  const found = new Set<string>();
  for (const written of [secret, encodeURIComponent(secret)]) {
    for (let i = 0; i + size <= written.length; i++) {
      const part = written.slice(i, i + size);
      if (shown.includes(part)) found.add(part);
    }
  }
  return [...found];
}
