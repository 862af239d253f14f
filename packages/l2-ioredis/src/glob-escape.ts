/**
 * `text` with the Redis glob metacharacters `* ? [ ] \` escaped, so that a key prefix such as
 * `app[1]:` matches itself literally in `SCAN MATCH` and nothing else.
 *
 * @example
 * ```ts
 * escapeGlob('app[1]:'); // 'app\\[1\\]:'
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
