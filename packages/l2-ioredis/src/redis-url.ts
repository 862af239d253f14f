import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CacheError } from '@multi-tier-cache/core';
import type { RedisOptions } from 'ioredis';

/** Where {@link resolveRedisUrl} found the URL. */
export type RedisUrlSource = 'option' | 'env' | 'dotenv' | 'default';

/** The URL used when nothing else names one. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Inputs of {@link resolveRedisUrl}; the defaults read the real process.
 *
 * @example
 * ```ts
 * resolveRedisUrl({ env: {}, cwd: '/srv/app' });
 * ```
 */
export interface ResolveRedisUrlOptions {
  /** URL given in code; wins over everything else. */
  readonly url?: string | undefined;
  /** Environment to read `REDIS_URL` from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder whose `.env` file is read. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * The Redis URL to connect to, by priority: the `url` option, the `REDIS_URL` environment
 * variable, the `REDIS_URL` line of `.env` in the working folder, then `redis://127.0.0.1:6379`.
 * Only that one line of `.env` is read; nothing is written to `process.env`.
 *
 * @example
 * ```ts
 * const { url, source } = resolveRedisUrl(); // { url: 'redis://cache:6379', source: 'env' }
 * ```
 */
export function resolveRedisUrl(options: ResolveRedisUrlOptions = {}): {
  url: string;
  source: RedisUrlSource;
} {
  if (options.url !== undefined && options.url !== '')
    return { url: options.url, source: 'option' };
  const fromEnv = (options.env ?? process.env).REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: 'env' };
  const fromFile = readDotEnvRedisUrl(options.cwd ?? process.cwd());
  if (fromFile !== undefined) return { url: fromFile, source: 'dotenv' };
  return { url: DEFAULT_REDIS_URL, source: 'default' };
}

/** The value of the `REDIS_URL=` line in `<cwd>/.env`, or undefined when absent or empty. */
function readDotEnvRedisUrl(cwd: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?REDIS_URL\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const value = unquote(match[1]!.trim());
    return value === '' ? undefined : value;
  }
  return undefined;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}

/**
 * ioredis connection options from a `redis://` or `rediss://` URL: host, port (6379 when absent),
 * user name, password (percent-decoded), database from the path (`/2`) and TLS for `rediss:`.
 *
 * @example
 * ```ts
 * parseRedisUrl('rediss://app:s3cret@cache.internal:6380/2');
 * // { host: 'cache.internal', port: 6380, username: 'app', password: 's3cret', db: 2, tls: { servername: 'cache.internal' } }
 * ```
 */
export function parseRedisUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new CacheError(
      'configuration',
      `Redis URL ${JSON.stringify(redact(url))} is not a URL: write it as redis://[user:password@]host[:port][/db]`,
      { cause: error },
    );
  }
  const protocol = parsed.protocol;
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new CacheError(
      'configuration',
      `Redis URL ${JSON.stringify(redact(url))} has protocol ${protocol}: use redis:// or rediss:// (TLS)`,
    );
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const options: RedisOptions = { host, port: parsed.port === '' ? 6379 : Number(parsed.port) };
  if (parsed.username !== '') options.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') options.password = decodeURIComponent(parsed.password);
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!/^\d+$/.test(path)) {
      throw new CacheError(
        'configuration',
        `Redis URL ${JSON.stringify(redact(url))} names database "${path}": the path must be a database number such as /0`,
      );
    }
    options.db = Number(path);
  }
  if (protocol === 'rediss:') options.tls = { servername: host };
  return options;
}

/** The URL with its password replaced, for error messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
