import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CacheError } from '@multi-tier-cache/core';

/**
 * One memcached server.
 *
 * @example
 * ```ts
 * const server: ServerAddress = { host: '127.0.0.1', port: 11211 };
 * ```
 */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Used when neither the options, the environment nor a `.env` file name a server.
 *
 * @example
 * ```ts
 * resolveServers(undefined, { env: {}, cwd: '/nowhere' }); // [{ host: '127.0.0.1', port: 11211 }]
 * ```
 */
export const DEFAULT_SERVER = '127.0.0.1:11211';

/**
 * Where {@link resolveServers} looks instead of `process.env` and `process.cwd()`.
 *
 * @example
 * ```ts
 * resolveServers(undefined, { env: { MEMCACHED_URL: 'cache:11211' }, cwd: '/app' });
 * ```
 */
export interface ResolveSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/**
 * The servers to use, by priority: the `servers` option, then the `MEMCACHED_URL` environment
 * variable, then `MEMCACHED_URL` in a `.env` file in the working directory, then
 * `127.0.0.1:11211`. A list is comma-separated; each entry is `memcached://host:port`,
 * `host:port` or `host` (port 11211).
 *
 * @example
 * ```ts
 * resolveServers(undefined, { env: { MEMCACHED_URL: 'memcached://a:11211,b:11212' } });
 * // [{ host: 'a', port: 11211 }, { host: 'b', port: 11212 }]
 * ```
 */
export function resolveServers(
  servers: string | readonly string[] | undefined,
  sources: ResolveSources = {},
): ServerAddress[] {
  const env = sources.env ?? process.env;
  const configured =
    servers ??
    nonEmpty(env.MEMCACHED_URL) ??
    nonEmpty(readDotEnv(sources.cwd ?? process.cwd(), 'MEMCACHED_URL')) ??
    DEFAULT_SERVER;
  const list = (typeof configured === 'string' ? configured.split(',') : configured)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (list.length === 0) {
    throw new CacheError('configuration', 'no memcached server given: pass servers: ["host:port"]');
  }
  return list.map(parseServer);
}

/**
 * Parses `memcached://host:port`, `host:port`, `[::1]:port` or `host`.
 *
 * @example
 * ```ts
 * parseServer('memcached://127.0.0.1:11211'); // { host: '127.0.0.1', port: 11211 }
 * ```
 */
export function parseServer(entry: string): ServerAddress {
  const text = entry.replace(/^memcached:\/\//i, '').replace(/\/.*$/, '');
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
  const port = match?.[3] === undefined ? 11211 : Number(match[3]);
  if (match === null || !(port > 0 && port < 65536)) {
    throw new CacheError(
      'configuration',
      `memcached server ${JSON.stringify(entry)} is not understood: write host:port or memcached://host:port`,
    );
  }
  return { host: (match[1] ?? match[2])!, port };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The value of `name` in `<dir>/.env`, or undefined when the file or the line is absent. */
function readDotEnv(dir: string, name: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== name) continue;
    const raw = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    return quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return undefined;
}
