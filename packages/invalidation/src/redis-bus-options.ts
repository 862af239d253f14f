import type { Buffer } from 'node:buffer';
import type { DecodeLimits, DropReason } from './envelope.js';
import type { RustValueEncoding } from './rust-codec.js';
import type { Secret } from './signing.js';
import type { Transport } from './transport.js';

/**
 * Options of {@link redisBus}.
 *
 * @example
 * ```ts
 * const options: RedisBusOptions = {
 *   transport: ioredisTransport({ client: redis }),
 *   secret: process.env.CACHE_BUS_SECRET,
 * };
 * ```
 */
export interface RedisBusOptions {
  /** How messages travel: {@link ioredisTransport} or {@link nodeRedisTransport}. */
  readonly transport: Transport;
  /** The Pub/Sub channel. @default 'mtc:invalidate' ('cache:invalidate' with format 'rust') */
  readonly channel?: string;
  /** This instance's id, written into every message so its own echoes are ignored. @default random */
  readonly instanceId?: string;
  /**
   * Shared secret(s) for HMAC-SHA256 signatures. The first signs; any of them verifies (for
   * rotation). With a secret, unsigned and wrongly signed messages are dropped. Every instance on
   * the channel must be configured alike. Not available with format 'rust'.
   * @default undefined (messages are not signed)
   */
  readonly secret?: Secret | readonly Secret[];
  /**
   * Wire format: 'binary' (versioned envelope with instance id, timestamp, raw value bytes) or
   * 'rust' (the Rust crate's JSON messages, so Rust and Node services share one bus).
   * @default 'binary'
   */
  readonly format?: 'binary' | 'rust';
  /**
   * Most entries kept while Redis is unreachable (latest per key; a pattern or clear each count
   * one). Beyond it the queue collapses into one 'clear', which covers everything lost.
   * @default 1000
   */
  readonly maxQueue?: number;
  /** A publish not answered within this time is queued and retried. @default 1000 */
  readonly publishTimeoutMs?: number;
  /** How often a non-empty queue is retried when no reconnect event arrives. @default 1000 */
  readonly retryIntervalMs?: number;
  /**
   * After the publishing connection comes back, wait this long before sending the queue, so the
   * other instances' subscribers (which reconnect at about the same time) are listening again.
   * @default 250
   */
  readonly flushDelayMs?: number;
  /** Limits on incoming payloads (bytes, keys per message). @default 16 MiB, 100000 keys */
  readonly limits?: DecodeLimits;
  /**
   * With format 'rust' (no instance id on the wire): how long a sent payload is remembered to
   * recognise its echo. @default 10000
   */
  readonly echoWindowMs?: number;
  /**
   * With format 'rust': how an `Update` carries its value, by the crate version on the channel
   * ('json' 0.4.0–0.5.6, 'bytes' 0.5.7–0.6.5, 'hex' 0.6.6+). See {@link RustValueEncoding}.
   * @default 'hex'
   */
  readonly rustValueEncoding?: RustValueEncoding;
  /** TTL given to a Rust `Update` without `ttl_secs`. @default 300000 */
  readonly rustDefaultTtlMs?: number;
  /**
   * Server-assisted invalidation: Redis reports every write, delete, expiry and eviction of a key
   * under the tracked prefixes (by any client, `redis-cli` included), and the bus delivers it as a
   * `remove` of the key without its prefix. `true` tracks the stores' default prefix `'mtc:'`.
   * Losing a tracking connection is a gap: the cache clears its L1 once tracking is back.
   * @default false
   */
  readonly tracking?: boolean | TrackingOptions;
  /**
   * Replay instead of clear: every published message is also appended to a capped Redis Stream in
   * the same round trip; after a subscriber gap the bus replays what it missed and the cache keeps
   * its L1, clearing it only when the log was trimmed past the last message the instance applied.
   * Every instance on the channel must enable it alike. Not available with format 'rust'.
   * @default undefined (a gap clears L1)
   */
  readonly replay?: ReplayOptions;
  /**
   * The staleness bound, in milliseconds: the bus proves every `maxStaleness / 3` that it still
   * delivers (by the echo of its own messages, or a small heartbeat when it sent nothing), and an
   * instance that has had no such proof for `maxStaleness` (Redis stalled, the subscription lost,
   * the process paused) serves no L1 hit without reading the shared tiers again, until the bus
   * delivers again. `false` turns it off (L1 hits are served whatever the bus's state). Not
   * available with format 'rust' (its crate would not understand the heartbeats).
   * @default 1000
   */
  readonly maxStaleness?: number | false;
  /** Called for every dropped incoming payload, e.g. to log forged traffic. Must not throw. */
  readonly onDrop?: (reason: DropReason, payload: Buffer) => void;
}

/**
 * Settings of `redisBus({ tracking })`.
 *
 * @example
 * ```ts
 * redisBus({ transport, tracking: { prefixes: ['app1:', 'app2:'] } });
 * ```
 */
export interface TrackingOptions {
  /**
   * The stores' key prefixes: Redis reports keys under them, and the bus strips the prefix to get
   * the cache key (the longest matching prefix when they overlap).
   * @default ['mtc:']
   */
  readonly prefixes?: readonly string[];
}

/**
 * Settings of `redisBus({ replay })`.
 *
 * @example
 * ```ts
 * redisBus({ transport, replay: { maxLen: 10_000 } });
 * ```
 */
export interface ReplayOptions {
  /**
   * About how many messages the log keeps (`XADD MAXLEN ~`): a gap with more messages than this
   * clears L1 as if there were no log.
   */
  readonly maxLen: number;
  /**
   * The stream's key. The default's hash tag puts it in the channel's Cluster slot, and it is
   * outside the tracked prefix.
   * @default '{<channel>}:log'
   */
  readonly key?: string;
}
