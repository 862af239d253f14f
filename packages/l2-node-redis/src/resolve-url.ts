import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where {@link resolveRedisUrl} found the URL. */
export type RedisUrlSource = 'option' | 'env' | 'dotenv' | 'default';

/** The default when nothing is configured. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Where {@link resolveRedisUrl} looks; tests pass their own. */
export interface ResolveRedisUrlContext {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder holding the `.env` file. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * The Redis URL to use: the programmatic value, else `REDIS_URL` from the environment, else the
 * `REDIS_URL=` line of a `.env` file in the working directory, else `redis://127.0.0.1:6379`.
 * Only that one line of `.env` is read (no dotenv dependency, nothing written to `process.env`).
 *
 * @example
 * ```ts
 * resolveRedisUrl(undefined); // { url: 'redis://127.0.0.1:6379', source: 'default' } with nothing set
 * ```
 */
export function resolveRedisUrl(
  url: string | undefined,
  context: ResolveRedisUrlContext = {},
): { url: string; source: RedisUrlSource } {
  if (url !== undefined && url !== '') return { url, source: 'option' };
  const fromEnv = (context.env ?? process.env).REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: 'env' };
  const fromFile = readDotEnvRedisUrl(context.cwd ?? process.cwd());
  if (fromFile !== undefined) return { url: fromFile, source: 'dotenv' };
  return { url: DEFAULT_REDIS_URL, source: 'default' };
}

/**
 * The value of the last `REDIS_URL=` line of `<cwd>/.env` (optionally `export`ed and quoted), or
 * `undefined` when there is no such file or line.
 *
 * @example
 * ```ts
 * readDotEnvRedisUrl(process.cwd()); // 'redis://cache:6379' for a line REDIS_URL="redis://cache:6379"
 * ```
 */
export function readDotEnvRedisUrl(cwd: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch {
    return undefined;
  }
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?REDIS_URL\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null) continue;
    let value = match[1]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    if (value !== '') found = value;
  }
  return found;
}
