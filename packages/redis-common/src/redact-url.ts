/** What replaces the credentials of a URL. */
const HIDDEN = '***';

/**
 * `url` with its credentials hidden: everything between `//` and the last `@` becomes `***`, so
 * a password holding `/ @ : % #`, percent-encoded or not, never shows, not even its tail. A URL
 * without credentials comes back unchanged. Use it wherever a URL can reach a message, a `cause`,
 * an event or a log.
 *
 * @example
 * ```ts
 * redactUrl('redis://app:p@ss/w0rd@cache:6379/1'); // 'redis://***@cache:6379/1'
 * redactUrl('redis://cache:6379'); // 'redis://cache:6379'
 * ```
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('//');
  if (start === -1) return url;
  const at = url.lastIndexOf('@');
  if (at <= start) return url;
  return `${url.slice(0, start + 2)}${HIDDEN}${url.slice(at)}`;
}
