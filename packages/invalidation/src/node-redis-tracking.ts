import type { NodeRedisClientLike } from './node-redis-transport.js';
import {
  INVALIDATE_CHANNEL,
  invalidatedKeys,
  type TrackingConnection,
  type TrackingNode,
} from './tracking-connection.js';

export type ClientWithOptions = NodeRedisClientLike & {
  readonly options?: { readonly socket?: Record<string, unknown> };
  duplicate(overrides?: Record<string, unknown>): ClientWithOptions;
  sendCommand(args: readonly string[]): Promise<unknown>;
};

type ClusterLike = {
  readonly masters: readonly { readonly host?: string; readonly port?: number }[];
  nodeClient(node: unknown): Promise<ClientWithOptions>;
};

/**
 * The masters of a node-redis client or cluster as {@link TrackingNode}s.
 *
 * @example
 * ```ts
 * const nodes = nodeRedisTrackingNodes(client);
 * ```
 */
export function nodeRedisTrackingNodes(client: NodeRedisClientLike): readonly TrackingNode[] {
  const cluster = client as unknown as Partial<ClusterLike>;
  if (cluster.masters !== undefined && cluster.nodeClient !== undefined) {
    const { masters, nodeClient } = cluster as ClusterLike;
    return masters.map((master) => ({
      address: `${master.host}:${master.port}`,
      open: async () => openTracking(await nodeClient.call(cluster, master)),
    }));
  }
  const standalone = client as ClientWithOptions;
  const socket = standalone.options?.socket ?? {};
  return [{ address: `${socket.host}:${socket.port}`, open: () => openTracking(standalone) }];
}

/**
 * A tracking connection on a duplicate of `base` (a node-redis client, connected or not): RESP2,
 * no reconnection of its own.
 *
 * @example
 * ```ts
 * const connection = await openTracking(createClient({ socket: { host, port } }));
 * ```
 */
export async function openTracking(base: ClientWithOptions): Promise<TrackingConnection> {
  // RESP2, so the redirect arrives as a Pub/Sub message; no reconnection of its own: a new
  // connection must enable tracking again.
  const connection = base.duplicate({
    RESP: 2,
    // RESP3-only features the user's client may have on.
    maintNotifications: 'disabled',
    clientSideCache: undefined,
    emitInvalidate: false,
    socket: { ...base.options?.socket, reconnectStrategy: false },
  });
  let onClose: (() => void) | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onClose?.();
  };
  connection.on('error', end);
  connection.on('end', end);
  await connection.connect();
  return {
    command: (args) => connection.sendCommand(args),
    async listen(onInvalidate) {
      await connection.subscribe(
        INVALIDATE_CHANNEL,
        (payload: unknown) => onInvalidate(invalidatedKeys(payload)),
        true,
      );
    },
    onClose(listener) {
      onClose = listener;
      if (ended) listener();
    },
    close() {
      onClose = undefined;
      try {
        connection.destroy();
      } catch {
        // already closed
      }
    },
  };
}
