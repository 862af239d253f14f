import type { Buffer } from 'node:buffer';
import { CacheError } from '@multi-tier-cache/core';
import type { Cluster, Redis } from 'ioredis';
import { clusterNodeSubscriber } from './cluster-node-subscriber.js';
import { ioredisTrackingNodes } from './ioredis-tracking.js';
import { PUBLISH_BY_SLOT } from './publish-by-slot.js';
import type { Transport, TransportEvents } from './transport.js';

/**
 * Options of {@link ioredisTransport}. Pass `client` (yours, used to publish and duplicated for the
 * subscriber) or `url` (the transport opens and closes both connections).
 *
 * @example
 * ```ts
 * ioredisTransport({ client: new Redis(process.env.REDIS_URL) });
 * ioredisTransport({ client: new Cluster(nodes), sharded: true });
 * ```
 */
export interface IoredisTransportOptions {
  /** A connected ioredis `Redis` or `Cluster`. Publishing shares it; it is never closed by the bus. */
  readonly client?: Redis | Cluster;
  /** A Redis URL to open our own publisher and subscriber with, when no `client` is given. */
  readonly url?: string;
  /**
   * Use sharded Pub/Sub (SPUBLISH / SSUBSCRIBE, Redis 7+). On a Cluster, the message then only
   * travels within the shard that owns the channel's slot instead of across every node.
   * @default false
   */
  readonly sharded?: boolean;
}

/**
 * A {@link Transport} on ioredis. The subscriber is a dedicated connection (`client.duplicate()`),
 * since a subscribed connection cannot run other commands; ioredis re-subscribes after a
 * reconnect, and the transport reports the gap so the cache can clear its L1. On a Cluster in
 * classic mode it is a plain connection to one master (see `clusterNodeSubscriber`), so a gap
 * is reported there too.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const bus = redisBus({ transport: ioredisTransport({ client: new Redis() }) });
 * ```
 */
export function ioredisTransport(options: IoredisTransportOptions): Transport {
  if (options.client === undefined && options.url === undefined) {
    throw new CacheError('configuration', 'ioredisTransport needs a client or a url');
  }
  const sharded = options.sharded ?? false;
  let publisher: Redis | Cluster | undefined = options.client;
  let subscriber: Redis | Cluster | undefined;
  const ownsPublisher = options.client === undefined;
  const detach: (() => void)[] = [];
  let closed = false;

  return {
    sharded,
    get name() {
      return publisher !== undefined && isCluster(publisher) ? 'ioredis cluster' : 'ioredis';
    },
    get canPublish() {
      return publisher?.status === 'ready';
    },
    async connect(channel: string, events: TransportEvents) {
      if (publisher === undefined) {
        const { Redis } = await import('ioredis');
        // close() may have run while ioredis loaded: opening now would keep the process alive.
        if (closed) throw new CacheError('closed', 'the transport was closed while connecting');
        publisher = new Redis(options.url!, { maxRetriesPerRequest: 1 });
        // Our own connection: its errors show up as failed publishes, counted by the bus.
        publisher.on('error', () => {});
      }
      const pub = publisher;
      const onPublisherReady = () => events.publisherReady();
      pub.on('ready', onPublisherReady);
      detach.push(() => pub.off('ready', onPublisherReady));

      if (isCluster(pub) && !sharded) {
        const nodeSubscriber = clusterNodeSubscriber(pub, channel, events);
        detach.push(() => nodeSubscriber.close());
        await nodeSubscriber.ready;
        return;
      }
      subscriber = isCluster(pub)
        ? pub.duplicate(undefined, { shardedSubscribers: true })
        : pub.duplicate();
      const sub = subscriber;

      sub.on(sharded ? 'smessageBuffer' : 'messageBuffer', (from: Buffer, payload: Buffer) => {
        if (from.toString() === channel) events.message(payload);
      });
      sub.on('error', () => {
        // Connection errors surface as close/ready below; without a listener ioredis logs them.
      });
      let lost = false;
      sub.on('close', () => {
        if (lost) return;
        lost = true;
        events.subscriberLost();
      });
      sub.on('ready', () => {
        if (!lost) return;
        // ioredis re-subscribes by itself; subscribing again is idempotent and tells us when
        // the subscription is really active.
        subscribe(sub, channel, sharded).then(
          () => {
            if (!lost) return;
            lost = false;
            events.subscriberRestored();
          },
          () => {
            // The connection dropped again: the next 'ready' retries.
          },
        );
      });
      await subscribe(sub, channel, sharded);
    },
    async publish(channel: string, payload: Buffer) {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      if (sharded) await publisher.spublish(channel, payload);
      else if (isCluster(publisher)) await publisher.eval(PUBLISH_BY_SLOT, 1, channel, payload);
      else await publisher.publish(channel, payload);
    },
    async trackingNodes() {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      return ioredisTrackingNodes(publisher);
    },
    async call(_key: string, [name, ...args]: readonly (string | Buffer)[]) {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      // A Cluster routes by the keys it finds in the arguments, as for any command.
      return publisher.callBuffer(name as string, ...args);
    },
    async close() {
      closed = true;
      for (const off of detach.splice(0)) off();
      const sub = subscriber;
      subscriber = undefined;
      sub?.removeAllListeners();
      sub?.on('error', () => {});
      sub?.disconnect();
      if (ownsPublisher) {
        publisher?.disconnect();
        publisher = undefined;
      }
    },
  };
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

async function subscribe(client: Redis | Cluster, channel: string, sharded: boolean) {
  await (sharded ? client.ssubscribe(channel) : client.subscribe(channel));
}
