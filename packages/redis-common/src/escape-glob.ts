/**
 * `text` with the Redis glob metacharacters `* ? [ ] \` escaped, so that a key prefix such as
 * `app[1]:` matches only itself in `SCAN MATCH`.
 *
 * @example
 * ```ts
 * `${escapeGlob('app[1]:')}user:*`; // 'app\\[1\\]:user:*'
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
