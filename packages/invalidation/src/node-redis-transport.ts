import { Buffer } from 'node:buffer';
import { CacheError } from '@multi-tier-cache/core';
import { nodeRedisTrackingNodes } from './node-redis-tracking.js';
import { PUBLISH_BY_SLOT } from './publish-by-slot.js';
import { isNodeRedisSentinel, nodeRedisSentinelTrackingNodes } from './sentinel-tracking.js';
import type { Transport, TransportEvents } from './transport.js';

type BufferListener = (message: Buffer, channel: Buffer) => unknown;

/**
 * The parts of a node-redis client or cluster (`createClient()` / `createCluster()`, redis 5+)
 * the transport uses, so any of their many generic variants is accepted.
 *
 * @example
 * ```ts
 * const client: NodeRedisClientLike = await createClient({ url }).connect();
 * ```
 */
export interface NodeRedisClientLike {
  readonly isReady: boolean;
  duplicate(): NodeRedisClientLike;
  connect(): Promise<unknown>;
  publish(channel: string, message: Buffer): Promise<unknown>;
  sPublish(channel: string, message: Buffer): Promise<unknown>;
  subscribe(channel: string, listener: BufferListener, bufferMode: true): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: Buffer[] }): Promise<unknown>;
  sSubscribe(channel: string, listener: BufferListener, bufferMode: true): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy(): unknown;
}

/** Bulk strings as Buffers (RESP type '$'), so payloads read from Redis keep their bytes. */
const AS_BUFFERS = { typeMapping: { 36: Buffer } };

type SendCommand = {
  sendCommand(...args: unknown[]): Promise<unknown>;
};

/**
 * Options of {@link nodeRedisTransport}. Pass `client` (yours, connected, used to publish and
 * duplicated for the subscriber) or `url`.
 *
 * @example
 * ```ts
 * nodeRedisTransport({ client: await createClient({ url }).connect() });
 * nodeRedisTransport({ client: await createCluster({ rootNodes }).connect(), sharded: true });
 * ```
 */
export interface NodeRedisTransportOptions {
  /**
   * A connected node-redis client, cluster or Sentinel client (`createSentinel()`). Publishing
   * shares it; it is never closed by the bus.
   */
  readonly client?: NodeRedisClientLike;
  /** A Redis URL to open our own publisher and subscriber with, when no `client` is given. */
  readonly url?: string;
  /** Use sharded Pub/Sub (SPUBLISH / SSUBSCRIBE, Redis 7+). @default false */
  readonly sharded?: boolean;
  /**
   * With a Sentinel `client` and `tracking`: the `nodeClientOptions` you gave `createSentinel`
   * (credentials, TLS), for the tracking connection to the master; node-redis does not expose
   * them. Ignored otherwise.
   * @default {}
   */
  readonly nodeClientOptions?: Readonly<Record<string, unknown>>;
}

/**
 * A {@link Transport} on node-redis. The subscriber is `client.duplicate()`, subscribed in buffer
 * mode so payloads arrive as bytes. node-redis re-subscribes before it reports `ready` again; the
 * transport reports the gap so the cache can clear its L1.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const bus = redisBus({ transport: nodeRedisTransport({ client }) });
 * ```
 */
export function nodeRedisTransport(options: NodeRedisTransportOptions): Transport {
  if (options.client === undefined && options.url === undefined) {
    throw new CacheError('configuration', 'nodeRedisTransport needs a client or a url');
  }
  const sharded = options.sharded ?? false;
  let publisher = options.client;
  let subscriber: NodeRedisClientLike | undefined;
  const ownsPublisher = options.client === undefined;
  const detach: (() => void)[] = [];
  const ignoreError = () => {};
  let closed = false;

  return {
    sharded,
    get name() {
      if (publisher === undefined) return 'node-redis';
      if (isCluster(publisher)) return 'node-redis cluster';
      return isNodeRedisSentinel(publisher) ? 'node-redis sentinel' : 'node-redis';
    },
    get canPublish() {
      return publisher?.isReady === true;
    },
    async connect(channel: string, events: TransportEvents) {
      if (publisher === undefined) {
        const { createClient } = await import('redis');
        // close() may have run while redis loaded: opening now would keep the process alive.
        if (closed) throw new CacheError('closed', 'the transport was closed while connecting');
        const own = createClient({ url: options.url! }) as unknown as NodeRedisClientLike;
        own.on('error', ignoreError);
        publisher = own;
        await own.connect();
      }
      const pub = publisher;
      const onPublisherReady = () => events.publisherReady();
      for (const event of ['ready', 'node-ready']) {
        pub.on(event, onPublisherReady);
        detach.push(() => pub.off(event, onPublisherReady));
      }

      const sub = pub.duplicate();
      subscriber = sub;
      let lost = false;
      const onLost = () => {
        if (lost) return;
        lost = true;
        events.subscriberLost();
      };
      sub.on('error', ignoreError);
      // A client reports 'reconnecting'; a cluster reports it per node.
      for (const event of ['reconnecting', 'node-reconnecting', 'node-error'])
        sub.on(event, onLost);
      for (const event of ['ready', 'node-ready']) {
        sub.on(event, () => {
          if (!lost || !sub.isReady) return;
          lost = false;
          events.subscriberRestored();
        });
      }
      await sub.connect();
      const listener: BufferListener = (payload) => events.message(payload);
      await (sharded
        ? sub.sSubscribe(channel, listener, true)
        : sub.subscribe(channel, listener, true));
    },
    async publish(channel: string, payload: Buffer) {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      if (sharded) await publisher.sPublish(channel, payload);
      else if (isCluster(publisher)) {
        await publisher.eval(PUBLISH_BY_SLOT, { keys: [channel], arguments: [payload] });
      } else await publisher.publish(channel, payload);
    },
    async trackingNodes() {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      if (isNodeRedisSentinel(publisher)) {
        return nodeRedisSentinelTrackingNodes(publisher, options.nodeClientOptions ?? {});
      }
      return nodeRedisTrackingNodes(publisher);
    },
    async call(key: string, args: readonly (string | Buffer)[]) {
      if (publisher === undefined) throw new CacheError('closed', 'transport is not connected');
      const client = publisher as unknown as SendCommand;
      if (isCluster(publisher)) return client.sendCommand(key, false, args, AS_BUFFERS);
      return isNodeRedisSentinel(publisher)
        ? client.sendCommand(false, args, AS_BUFFERS)
        : client.sendCommand(args, AS_BUFFERS);
    },
    async close() {
      closed = true;
      for (const off of detach.splice(0)) off();
      const sub = subscriber;
      subscriber = undefined;
      destroyQuietly(sub);
      if (ownsPublisher) {
        destroyQuietly(publisher);
        publisher = undefined;
      }
    },
  };
}

function isCluster(client: NodeRedisClientLike): boolean {
  return (client as { masters?: unknown }).masters !== undefined;
}

/** destroy() throws on a client that is already closed; closing twice is fine for us. */
function destroyQuietly(client: NodeRedisClientLike | undefined): void {
  try {
    client?.destroy();
  } catch {
    // already closed
  }
}
