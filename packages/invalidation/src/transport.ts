import type { Buffer } from 'node:buffer';
import type { TrackingNode } from './tracking-connection.js';

/**
 * What a transport tells the bus about its connections.
 *
 * @example
 * ```ts
 * transport.connect({
 *   message: (payload) => bus.receive(payload),
 *   subscriberLost: () => {},
 *   subscriberRestored: () => {},
 *   publisherReady: () => {},
 * });
 * ```
 */
export interface TransportEvents {
  /** A payload arrived on the channel. */
  message(payload: Buffer): void;
  /** The subscription went away (connection closed): messages may be missed from now on. */
  subscriberLost(): void;
  /** The subscription is active again after a loss. */
  subscriberRestored(): void;
  /** The publishing connection is ready (again): queued publishes can go out. */
  publisherReady(): void;
}

/**
 * Redis Pub/Sub on one client library: a publishing connection (which may be the user's client)
 * and a dedicated subscriber connection. {@link ioredisTransport} and {@link nodeRedisTransport}
 * implement it; `redisBus` does everything else.
 *
 * @example
 * ```ts
 * const bus = redisBus({ transport: ioredisTransport({ client: redis }) });
 * ```
 */
export interface Transport {
  /** For stats and errors, e.g. 'ioredis' or 'node-redis cluster'. */
  readonly name: string;
  /** True when it publishes with SPUBLISH (sharded Pub/Sub). @default false */
  readonly sharded?: boolean;
  /** True when a publish can be sent now; when false the bus queues instead of waiting. */
  readonly canPublish: boolean;
  /** Subscribes to `channel` and reports through `events`; resolves once the subscription is active. */
  connect(channel: string, events: TransportEvents): Promise<void>;
  publish(channel: string, payload: Buffer): Promise<void>;
  /**
   * The masters to enable server-assisted tracking on, read afresh each time (so a failover or a
   * new Cluster master is followed). Needed for `redisBus({ tracking })`.
   */
  trackingNodes?(): Promise<readonly TrackingNode[]>;
  /**
   * Runs one command on the publishing connection (on a Cluster, on the node owning `key`);
   * bulk strings come back as Buffers. Needed for `redisBus({ replay })`.
   */
  call?(key: string, args: readonly (string | Buffer)[]): Promise<unknown>;
  /** Unsubscribes, closes the connections this transport opened and leaves the user's client open. */
  close(): Promise<void>;
}
