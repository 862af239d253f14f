import { CacheError } from '@multi-tier-cache/core';
import { parseRedisUrl } from './redis-url.js';

/**
 * host and port of a Redis node or a Sentinel.
 *
 * @example
 * ```ts
 * const seed: RedisNodeAddress = { host: '10.0.0.1', port: 7000 };
 * ```
 */
export interface RedisNodeAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * One node of a list, with the credentials and TLS its URL carried.
 *
 * @example
 * ```ts
 * const node: RedisNode = { host: '10.0.0.1', port: 7000, password: 'pw', tls: false };
 * ```
 */
export interface RedisNode extends RedisNodeAddress {
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

/**
 * The nodes of a Cluster seed list or a Sentinel list, given as `{ host, port }` or as
 * `redis://`/`rediss://` URLs. An empty list is a `CacheError('configuration')` naming `option`.
 *
 * @example
 * ```ts
 * parseRedisNodes(['redis://:pw@10.0.0.1:7000', { host: '10.0.0.2', port: 7000 }], 'clusterNodes');
 * // [{ host: '10.0.0.1', port: 7000, password: 'pw', tls: false }, { host: '10.0.0.2', port: 7000, tls: false }]
 * ```
 */
export function parseRedisNodes(
  nodes: readonly (RedisNodeAddress | string)[],
  option: string,
): RedisNode[] {
  if (nodes.length === 0) {
    throw new CacheError('configuration', `${option} is empty: list at least one node`);
  }
  return nodes.map((node) => {
    if (typeof node !== 'string') return { host: node.host, port: node.port, tls: false };
    const { db: _, ...parts } = parseRedisUrl(node);
    return parts;
  });
}

/**
 * `host:port, host:port` of a node list, for messages: never credentials.
 *
 * @example
 * ```ts
 * describeNodes([{ host: 'a', port: 1, tls: false }]); // 'a:1'
 * ```
 */
export function describeNodes(nodes: readonly RedisNodeAddress[]): string {
  return nodes.map(({ host, port }) => `${host}:${port}`).join(', ');
}
