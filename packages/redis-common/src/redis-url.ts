import { CacheError } from '@multi-tier-cache/core';
import { redactUrl } from './redact-url.js';

/**
 * What a `redis://` or `rediss://` URL says, in no client's vocabulary.
 *
 * @example
 * ```ts
 * const parts: RedisUrlParts = parseRedisUrl('redis://cache:6379/1'); // { host: 'cache', port: 6379, db: 1, tls: false }
 * ```
 */
export interface RedisUrlParts {
  readonly host: string;
  /** @default 6379 */
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  /** Database number from the path (`/2`); absent without a path. */
  readonly db?: number;
  /** True for `rediss://`. */
  readonly tls: boolean;
}

const FORM = 'redis://[user:password@]host[:port][/db] (or rediss:// for TLS)';

/**
 * Reads a `redis://` or `rediss://` URL: host (IPv6 brackets removed), port (6379 when absent),
 * user name and password (percent-decoded; a password may also hold `/ @ : #` unencoded, the
 * credentials ending at the last `@`), database from the path and TLS for `rediss:`. A malformed
 * URL is a `CacheError('configuration')` whose message hides the password and has no `cause`
 * (Node's URL error would carry the raw input).
 *
 * @example
 * ```ts
 * parseRedisUrl('rediss://app:s3cret@cache.internal:6380/2');
 * // { host: 'cache.internal', port: 6380, username: 'app', password: 's3cret', db: 2, tls: true }
 * ```
 */
export function parseRedisUrl(url: string): RedisUrlParts {
  const start = url.indexOf('//');
  const at = url.lastIndexOf('@');
  const hasCredentials = start !== -1 && at > start;
  const credentials = hasCredentials ? url.slice(start + 2, at) : '';
  const withoutCredentials = hasCredentials ? url.slice(0, start + 2) + url.slice(at + 1) : url;
  let parsed: URL;
  try {
    parsed = new URL(withoutCredentials);
  } catch {
    throw invalid(url, `is not a URL: write it as ${FORM}`);
  }
  const protocol = parsed.protocol;
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw invalid(url, `has protocol ${protocol}: use ${FORM}`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const colon = credentials.indexOf(':');
  const username = decode(colon === -1 ? credentials : credentials.slice(0, colon));
  const password = colon === -1 ? '' : decode(credentials.slice(colon + 1));
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) {
    throw invalid(url, `names database "${path}": the path must be a database number such as /0`);
  }
  return {
    host,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
    ...(path === '' ? {} : { db: Number(path) }),
    tls: protocol === 'rediss:',
  };
}

/** Percent-decoded, or as written when it is not valid percent-encoding (`p%ss`). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function invalid(url: string, problem: string): CacheError {
  return new CacheError('configuration', `Redis URL ${JSON.stringify(redactUrl(url))} ${problem}`);
}
