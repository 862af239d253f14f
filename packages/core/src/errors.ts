/**
 * Stable error codes. Match on `error.code`, never on the message text.
 *
 * @example
 * ```ts
 * try { await cache.set('', 1) } catch (error) {
 *   if (error instanceof CacheError && error.code === 'invalid-key') { ... }
 * }
 * ```
 */
export type CacheErrorCode =
  | 'invalid-key'
  | 'invalid-value'
  | 'invalid-ttl'
  | 'value-too-large'
  | 'not-serializable'
  | 'timeout'
  | 'tier-failure'
  | 'configuration'
  | 'closed'
  | 'aborted'
  | 'invalid-entry';

/**
 * The one error type the cache throws. `code` is stable; `cause` carries the underlying error.
 *
 * @example
 * ```ts
 * throw new CacheError('invalid-key', 'key is empty: pass a non-empty string');
 * ```
 */
export class CacheError extends Error {
  override readonly name = 'CacheError';
  readonly code: CacheErrorCode;

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `error` is a {@link CacheError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isCacheError(error, 'timeout')) retryLater();
 * ```
 */
export function isCacheError(error: unknown, code?: CacheErrorCode): error is CacheError {
  return error instanceof CacheError && (code === undefined || error.code === code);
}
