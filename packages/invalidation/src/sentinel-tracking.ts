import { type ClientWithOptions, openTracking } from './node-redis-tracking.js';
import type { TrackingNode } from './tracking-connection.js';

/** The parts of node-redis' Sentinel client (`createSentinel()`) the transport uses. */
interface SentinelLike {
  getMasterNode(): { readonly host: string; readonly port: number } | undefined;
  acquire(): Promise<unknown>;
  sendCommand(isReadonly: boolean, args: readonly unknown[], options?: unknown): Promise<unknown>;
}

/**
 * True for node-redis' Sentinel client, which has no `options` to duplicate a plain connection
 * from and runs commands through `sendCommand(isReadonly, args)`.
 *
 * @example
 * ```ts
 * isNodeRedisSentinel(createSentinel({ name: 'mymaster', sentinelRootNodes })); // true
 * ```
 */
export function isNodeRedisSentinel(client: object): boolean {
  const sentinel = client as Partial<SentinelLike>;
  return typeof sentinel.getMasterNode === 'function' && typeof sentinel.acquire === 'function';
}

/**
 * The master a node-redis Sentinel client is connected to now, as a {@link TrackingNode}; none
 * while it has no ready master (during a failover), so the tracking session tries again. The
 * tracking connection is a plain client to that master with `nodeClientOptions` (credentials,
 * TLS): node-redis keeps the Sentinel's own node options private.
 *
 * @example
 * ```ts
 * const nodes = await nodeRedisSentinelTrackingNodes(sentinel, { password: 'secret' });
 * ```
 */
export async function nodeRedisSentinelTrackingNodes(
  sentinel: object,
  nodeClientOptions: Readonly<Record<string, unknown>>,
): Promise<readonly TrackingNode[]> {
  const master = (sentinel as SentinelLike).getMasterNode();
  if (master === undefined) return [];
  const { createClient } = await import('redis');
  const socket = (nodeClientOptions.socket ?? {}) as Record<string, unknown>;
  return [
    {
      address: `${master.host}:${master.port}`,
      open: () =>
        openTracking(
          createClient({
            ...nodeClientOptions,
            socket: { ...socket, host: master.host, port: master.port },
          } as never) as unknown as ClientWithOptions,
        ),
    },
  ];
}
