/**
 * A low-cardinality name for an error, for metric labels and span attributes: a `CacheError`'s
 * stable `code` (`timeout`, `tier-failure`...), else the error's class name.
 *
 * @example
 * ```ts
 * errorType(new CacheError('timeout', 'redis did not answer')); // 'timeout'
 * errorType(new TypeError('x')); // 'TypeError'
 * ```
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return typeof error;
}
