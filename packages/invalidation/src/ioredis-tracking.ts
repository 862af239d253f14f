import type { Buffer } from 'node:buffer';
import type { Cluster, Redis } from 'ioredis';
import {
  INVALIDATE_CHANNEL,
  invalidatedKeys,
  type TrackingConnection,
  type TrackingNode,
} from './tracking-connection.js';

/**
 * The masters of an ioredis client as {@link TrackingNode}s: the client itself when standalone
 * (or Sentinel, whose duplicate connects to the current master), each master of a Cluster.
 *
 * @example
 * ```ts
 * const nodes = await ioredisTrackingNodes(redis);
 * ```
 */
export async function ioredisTrackingNodes(
  client: Redis | Cluster,
): Promise<readonly TrackingNode[]> {
  if (isCluster(client)) {
    // After a loss the node may have failed over: ask the cluster before trusting the old map.
    await new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
  }
  const bases = isCluster(client) ? client.nodes('master') : [client];
  return bases.map((base) => ({
    address: `${base.options.host}:${base.options.port}`,
    open: () => openTracking(base),
  }));
}

async function openTracking(base: Redis): Promise<TrackingConnection> {
  // RESP2: ioredis (6) drops RESP3 'invalidate' pushes, while a RESP2 redirect arrives as a
  // Pub/Sub message. No reconnection of its own: a new connection must enable tracking again.
  const connection = base.duplicate({
    protocol: 2,
    lazyConnect: true,
    retryStrategy: () => null,
    autoResubscribe: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Behind Sentinel, a failover that leaves the old master running (a partition hiding it from
    // the sentinels) must still move tracking: the sentinels' +switch-master ends this connection.
    ...(isSentinel(base) ? { failoverDetector: true } : {}),
  } as Parameters<Redis['duplicate']>[0]);
  connection.on('error', () => {
    // Surfaces as 'end'; without a listener ioredis would log it.
  });
  let onClose: (() => void) | undefined;
  let ended = false;
  connection.once('end', () => {
    ended = true;
    onClose?.();
  });
  await connection.connect();
  return {
    command: ([name, ...args]) => connection.call(name!, ...args),
    async listen(onInvalidate) {
      connection.on('messageBuffer', (channel: Buffer, payload: unknown) => {
        if (channel.toString() === INVALIDATE_CHANNEL) onInvalidate(invalidatedKeys(payload));
      });
      await connection.subscribe(INVALIDATE_CHANNEL);
    },
    onClose(listener) {
      onClose = listener;
      if (ended) listener();
    },
    close() {
      onClose = undefined;
      connection.disconnect();
    },
  };
}

function isSentinel(client: Redis): boolean {
  return (client.options.sentinels?.length ?? 0) > 0;
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}
