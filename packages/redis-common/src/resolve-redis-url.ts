import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where {@link resolveRedisUrl} found the URL.
 *
 * @example
 * ```ts
 * const source: RedisUrlSource = resolveRedisUrl().source; // 'option' | 'env' | 'dotenv' | 'default'
 * ```
 */
export type RedisUrlSource = 'option' | 'env' | 'dotenv' | 'default';

/**
 * The URL used when nothing else names one.
 *
 * @example
 * ```ts
 * resolveRedisUrl({ env: {}, cwd: '/nowhere' }).url === DEFAULT_REDIS_URL; // true
 * ```
 */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Inputs of {@link resolveRedisUrl}; the defaults read the real process.
 *
 * @example
 * ```ts
 * const options: ResolveRedisUrlOptions = { url: undefined, env: {}, cwd: '/srv/app' };
 * ```
 */
export interface ResolveRedisUrlOptions {
  /** URL given in code; wins over everything else. An empty string counts as not given. */
  readonly url?: string | undefined;
  /** Environment to read `REDIS_URL` from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder whose `.env` file is read. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * The Redis URL to connect to, by one rule: the `url` option, else the `REDIS_URL` environment
 * variable, else the `REDIS_URL` line of `.env` in the working folder (the last one when there are
 * several, as dotenv does), else `redis://127.0.0.1:6379`. Nothing is written to `process.env`.
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
  if (options.url !== undefined && options.url !== '') {
    return { url: options.url, source: 'option' };
  }
  const fromEnv = (options.env ?? process.env).REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: 'env' };
  const fromFile = readDotEnv('REDIS_URL', options.cwd ?? process.cwd());
  if (fromFile !== undefined) return { url: fromFile, source: 'dotenv' };
  return { url: DEFAULT_REDIS_URL, source: 'default' };
}

/**
 * The value of the last `name=` line of `<cwd>/.env` (optionally `export`ed, quoted, or followed
 * by a ` # comment`), or `undefined` when there is no such file or non-empty line.
 *
 * @example
 * ```ts
 * readDotEnv('REDIS_URL', process.cwd()); // 'redis://cache:6379' for a line REDIS_URL="redis://cache:6379"
 * ```
 */
export function readDotEnv(name: string, cwd: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch {
    return undefined;
  }
  const line = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(.*?)\\s*$`);
  let found: string | undefined;
  for (const row of text.split(/\r?\n/)) {
    const match = line.exec(row);
    if (match !== null) found = unquote(match[1]!);
  }
  return found === '' ? undefined : found;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  return raw.replace(/\s+#.*$/, '');
}
