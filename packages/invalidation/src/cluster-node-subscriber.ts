import type { Buffer } from 'node:buffer';
import type { Cluster, Redis } from 'ioredis';
import type { TransportEvents } from './transport.js';

/** How long a lost node may stay unreachable before the subscriber moves to another master. */
const MOVE_AFTER_MS = 1000;

/**
 * The subscriber for classic Pub/Sub on an ioredis Cluster. A classic PUBLISH reaches every node,
 * so one plain connection to any master hears every message. ioredis' own cluster subscriber
 * moves between nodes without telling anyone, which would hide the gap; a plain connection reports
 * it (close, then ready again), and when its node stays down it moves to another master itself,
 * reporting the gap the same way so the cache clears its L1.
 *
 * @example
 * ```ts
 * const subscriber = clusterNodeSubscriber(cluster, 'mtc:invalidate', events);
 * await subscriber.ready;
 * ```
 */
export function clusterNodeSubscriber(
  cluster: Cluster,
  channel: string,
  events: TransportEvents,
): { readonly ready: Promise<void>; close(): void } {
  let current: Redis | undefined;
  let lost = false;
  let closed = false;
  let moveTimer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const lose = () => {
    if (lost) return;
    lost = true;
    events.subscriberLost();
  };

  const connect = (): Promise<void> => {
    const masters = cluster.nodes('master');
    if (masters.length === 0) return Promise.reject(new Error('the cluster reports no master'));
    const node = masters[attempt++ % masters.length]!;
    const sub = node.duplicate();
    current = sub;
    sub.on('error', () => {
      // Surfaces as close/ready; without a listener ioredis would log every error.
    });
    sub.on('messageBuffer', (from: Buffer, payload: Buffer) => {
      if (from.toString() === channel) events.message(payload);
    });
    sub.on('close', () => {
      if (closed || sub !== current) return;
      lose();
      clearTimeout(moveTimer);
      moveTimer = setTimeout(() => {
        if (closed || sub !== current || sub.status === 'ready') return;
        sub.removeAllListeners();
        sub.on('error', () => {});
        sub.disconnect();
        moveToAnotherMaster();
      }, MOVE_AFTER_MS);
      moveTimer.unref();
    });
    sub.on('ready', () => {
      if (closed || sub !== current || !lost) return;
      clearTimeout(moveTimer);
      sub.subscribe(channel).then(restore, () => {});
    });
    return sub.subscribe(channel).then(() => undefined);
  };

  const restore = () => {
    if (closed || !lost) return;
    lost = false;
    events.subscriberRestored();
  };

  const moveToAnotherMaster = () => {
    if (closed) return;
    connect().then(restore, () => {
      if (closed) return;
      moveTimer = setTimeout(moveToAnotherMaster, MOVE_AFTER_MS);
      moveTimer.unref();
    });
  };

  const clusterReady =
    cluster.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => cluster.once('ready', () => resolve()));

  return {
    ready: clusterReady.then(connect),
    close() {
      closed = true;
      clearTimeout(moveTimer);
      current?.removeAllListeners();
      current?.on('error', () => {});
      current?.disconnect();
      current = undefined;
    },
  };
}
