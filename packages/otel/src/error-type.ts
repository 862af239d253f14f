/**
 * A low-cardinality name for an error, for the `error.type` attribute: a `CacheError`'s stable
 * `code` (`timeout`, `tier-failure`...), else the error's class name.
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return typeof error;
}
