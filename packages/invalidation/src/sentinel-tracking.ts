import { type ClientWithOptions, openTracking } from './node-redis-tracking.js';
import type { TrackingConnection, TrackingNode } from './tracking-connection.js';

interface NodeAddress {
  readonly host: string;
  readonly port: number;
}

/** What node-redis' Sentinel client reports when the master or a replica changes. */
interface TopologyChange {
  readonly type: string;
  readonly node?: NodeAddress;
}

/** The parts of node-redis' Sentinel client (`createSentinel()`) the transport uses. */
interface SentinelLike {
  getMasterNode(): NodeAddress | undefined;
  acquire(): Promise<unknown>;
  on(event: 'topology-change', listener: (event: TopologyChange) => void): unknown;
  off(event: 'topology-change', listener: (event: TopologyChange) => void): unknown;
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
 * TLS): node-redis keeps the Sentinel's own node options private. It closes when the Sentinel
 * client moves to another master, so tracking follows even a failover that leaves the old
 * master running (a manual `SENTINEL FAILOVER`, or a partition that isolates it).
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
  const client = sentinel as SentinelLike;
  const master = client.getMasterNode();
  if (master === undefined) return [];
  const { createClient } = await import('redis');
  const socket = (nodeClientOptions.socket ?? {}) as Record<string, unknown>;
  return [
    {
      address: addressOf(master),
      open: async () =>
        followMaster(
          client,
          addressOf(master),
          await openTracking(
            createClient({
              ...nodeClientOptions,
              socket: { ...socket, host: master.host, port: master.port },
            } as never) as unknown as ClientWithOptions,
          ),
        ),
    },
  ];
}

function addressOf(node: NodeAddress): string {
  return `${node.host}:${node.port}`;
}

/** `connection`, closed (and reported closed) once the Sentinel client names another master. */
function followMaster(
  sentinel: SentinelLike,
  address: string,
  connection: TrackingConnection,
): TrackingConnection {
  let onClose: (() => void) | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    sentinel.off('topology-change', onTopology);
    onClose?.();
  };
  const onTopology = (event: TopologyChange) => {
    if (event.type !== 'MASTER_CHANGE' || event.node === undefined) return;
    if (addressOf(event.node) === address) return;
    connection.close();
    end();
  };
  sentinel.on('topology-change', onTopology);
  connection.onClose(end);
  return {
    command: (args) => connection.command(args),
    listen: (onInvalidate) => connection.listen(onInvalidate),
    onClose(listener) {
      onClose = listener;
      if (ended) listener();
    },
    close() {
      onClose = undefined;
      sentinel.off('topology-change', onTopology);
      connection.close();
    },
  };
}
