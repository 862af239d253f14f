import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  type Bus,
  type BusListener,
  CacheError,
  type InvalidationMessage,
  publishBusDropped,
  withTimeout,
} from '@multi-tier-cache/core';
import { binaryCodec } from './binary-codec.js';
import { type Codec, DEFAULT_LIMITS, type DropReason } from './envelope.js';
import { encodeHeartbeat, isHeartbeat, ownHeartbeatTime } from './heartbeat.js';
import { HybridClock } from './hybrid-clock.js';
import { InFlightLog } from './in-flight-log.js';
import { KeyOrder } from './key-order.js';
import { LivenessClock } from './liveness-clock.js';
import { PublishQueue } from './publish-queue.js';
import type { RedisBusOptions } from './redis-bus-options.js';
import { BusCounters, type RedisBusStats } from './redis-bus-stats.js';
import { type ReplayCursor, replayCursor } from './replay-cursor.js';
import { RUST_CHANNEL, rustCodec } from './rust-codec.js';
import { SentFingerprints } from './sent-fingerprints.js';
import { hmacSigner, type Signer } from './signing.js';
import { cacheKeys, trackedPrefixes } from './tracked-keys.js';
import { trackingSession } from './tracking-session.js';
import type { Transport } from './transport.js';

/**
 * The default channel of the binary format.
 *
 * @example
 * ```ts
 * redisBus({ transport }).stats().channel === DEFAULT_CHANNEL; // 'mtc:invalidate'
 * ```
 */
export const DEFAULT_CHANNEL = 'mtc:invalidate';

/** Keys whose newest version each instance remembers; older ones only raise a floor. */
const ORDERED_KEYS = 100_000;

/**
 * A {@link Bus} over Redis Pub/Sub, with counters and a promise that settles once subscribed.
 *
 * @example
 * ```ts
 * const bus = redisBus({ transport: ioredisTransport({ client: redis }) });
 * await bus.ready;
 * console.log(bus.stats().received);
 * ```
 */
export interface RedisBus extends Bus {
  readonly instanceId: string;
  /** Resolves once the subscription is active; rejects if subscribing failed. */
  readonly ready: Promise<void>;
  stats(): RedisBusStats;
}

/**
 * Creates a {@link RedisBus}: encodes (and optionally signs) core's invalidation messages, ignores
 * its own echoes, drops and counts anything malformed or forged, queues publishes while Redis is
 * unreachable and sends them on reconnect, and tells the cache when its subscription came back
 * after a gap (the cache then clears its L1, since messages sent meanwhile are lost). With
 * `replay` it replays the gap from a capped log instead; with `tracking` Redis reports every
 * change of a cached key, by any client, as a `remove`.
 *
 * @example
 * ```ts
 * import { createCache, memoryL1Store } from '@multi-tier-cache/core';
 * import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
 * import { Redis } from 'ioredis';
 *
 * const redis = new Redis(process.env.REDIS_URL);
 * const cache = createCache({
 *   l1: memoryL1Store(),
 *   bus: redisBus({ transport: ioredisTransport({ client: redis }), secret: process.env.BUS_SECRET }),
 * });
 * // Writes from redis-cli or other services reach L1 too; a gap costs a replay, not an empty L1:
 * redisBus({ transport, tracking: true, replay: { maxLen: 10_000 } });
 * ```
 */
export function redisBus(options: RedisBusOptions): RedisBus {
  return new RedisPubSubBus(options);
}

class RedisPubSubBus implements RedisBus {
  readonly instanceId: string;
  readonly ready: Promise<void>;
  readonly liveness: LivenessClock | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  readonly #transport: Transport;
  /** Versions for the binary format's messages, and the newest held per key (undefined for 'rust'). */
  readonly #clock: HybridClock | undefined;
  readonly #order: KeyOrder | undefined;
  readonly #channel: string;
  readonly #format: 'binary' | 'rust';
  readonly #codec: Codec;
  readonly #signer: Signer | undefined;
  readonly #echoes: SentFingerprints | undefined;
  readonly #queue: PublishQueue;
  readonly #publishTimeoutMs: number;
  readonly #retryIntervalMs: number;
  readonly #flushDelayMs: number;
  readonly #onDrop: RedisBusOptions['onDrop'];
  readonly #maxPatternBytes: number;
  readonly #listeners = new Set<BusListener>();
  readonly #counters = new BusCounters();
  #subscribed = false;
  /** When the subscription was lost (`performance.now()`), until it is back. */
  #lostAt: number | undefined;
  /** How long the last subscription outage lasted, for a gap its replay could not close. */
  #downMs: number | undefined;
  #flushing = false;
  readonly #inFlight = new InFlightLog();
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDue = 0;
  #closed = false;
  /** Tracked key prefixes, longest first; undefined without tracking. */
  readonly #trackedPrefixes: readonly string[] | undefined;
  #tracking: { readonly active: boolean; close(): void } | undefined;
  readonly #replay: ReplayCursor | undefined;

  constructor(options: RedisBusOptions) {
    this.#format = options.format ?? 'binary';
    this.instanceId = options.instanceId ?? randomBytes(9).toString('base64url');
    this.#channel = options.channel ?? (this.#format === 'rust' ? RUST_CHANNEL : DEFAULT_CHANNEL);
    if (this.instanceId.length === 0 || Buffer.byteLength(this.instanceId) > 255) {
      throw new CacheError('configuration', 'instanceId must be 1 to 255 bytes of UTF-8');
    }
    if (this.#channel.length === 0) {
      throw new CacheError('configuration', 'channel is empty: pass a name or leave it out');
    }
    if (this.#format === 'rust') {
      if (options.secret !== undefined) {
        throw new CacheError(
          'configuration',
          "secret cannot be used with format 'rust': the Rust crate neither signs nor checks messages",
        );
      }
      this.#codec = rustCodec({
        ...options.limits,
        ...(options.rustDefaultTtlMs === undefined
          ? {}
          : { defaultTtlMs: options.rustDefaultTtlMs }),
        ...(options.rustValueEncoding === undefined
          ? {}
          : { valueEncoding: options.rustValueEncoding }),
      });
      this.#echoes = new SentFingerprints(options.echoWindowMs ?? 10_000);
    } else {
      this.#codec = binaryCodec(options.limits);
    }
    this.#signer = options.secret === undefined ? undefined : hmacSigner(options.secret);
    this.#transport = options.transport;
    if (this.#format === 'binary') {
      this.#clock = new HybridClock();
      this.#order = new KeyOrder(ORDERED_KEYS);
    }
    this.liveness = livenessClock(options, this.#format);
    this.#queue = new PublishQueue(options.maxQueue ?? 1000);
    this.#publishTimeoutMs = options.publishTimeoutMs ?? 1000;
    this.#retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.#flushDelayMs = options.flushDelayMs ?? 250;
    this.#onDrop = options.onDrop;
    this.#maxPatternBytes = options.limits?.maxPatternBytes ?? DEFAULT_LIMITS.maxPatternBytes;
    this.#trackedPrefixes = trackedPrefixes(options.tracking);
    if (this.#trackedPrefixes !== undefined && this.#transport.trackingNodes === undefined) {
      throw new CacheError(
        'configuration',
        'tracking needs a transport that offers trackingNodes(): use ioredisTransport or nodeRedisTransport',
      );
    }
    const bus = this;
    this.#replay = replayCursor(options, this.#channel, this.#format, this.#transport, {
      apply: (payload) => this.#apply(payload),
      announceGap: () => this.#announceGap(this.#downMs),
      announceReplay: (replayed) => this.#announceReplay(this.#downMs, replayed),
      get closed() {
        return bus.#closed;
      },
      get subscribed() {
        return bus.#subscribed;
      },
    });
    this.ready = this.#transport
      .connect(this.#channel, {
        message: (payload) => this.#receive(payload),
        subscriberLost: () => {
          this.#subscribed = false;
          this.#lostAt ??= performance.now();
          this.liveness?.hold();
          // Messages heard once re-subscribed, before the replay, must not move the position past
          // what the gap lost.
          this.#replay?.lost();
          // Echoes of what is sent from now until the subscription is back never arrive.
          this.#echoes?.clear();
        },
        subscriberRestored: () => this.#restored(),
        publisherReady: () => this.#scheduleFlush(this.#flushDelayMs),
      })
      .then(async () => {
        this.#subscribed = true;
        // Anything published while connecting goes out now.
        this.#scheduleFlush(0);
        this.#startHeartbeats();
        await Promise.all([this.#replay?.start(), this.#startTracking()]);
      });
    // Callers that never await `ready` must not see an unhandled rejection.
    this.ready.catch(() => {});
  }

  async publish(operation: InvalidationMessage): Promise<void> {
    if (this.#closed) throw new CacheError('closed', 'the bus was closed: create a new one');
    const overLong = this.#overLong(operation);
    if (overLong !== undefined) {
      throw new CacheError(
        'invalid-key',
        `${overLong.what} is ${Buffer.byteLength(overLong.text)} bytes; the bus carries at most ${this.#maxPatternBytes}: shorten it, or raise limits.maxPatternBytes on every instance`,
      );
    }
    // The version is taken now: a message queued or retried keeps its place in the order.
    const message = this.#stamp(operation);
    if (this.#queue.length > 0 || this.#flushing || !this.#transport.canPublish) {
      this.#enqueue(message);
      return;
    }
    const ticket = this.#inFlight.add(message);
    let sent = true;
    try {
      sent = await this.#send(message);
    } finally {
      if (!sent) {
        // It may still arrive; sent again, it must not overtake what was published after it.
        const retry = this.#inFlight.retryOf(ticket);
        if (retry !== undefined) this.#requeueAhead([retry]);
      }
      this.#inFlight.settle(ticket);
    }
  }

  subscribe(listener: BusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stats(): RedisBusStats {
    const c = this.#counters;
    return {
      instanceId: this.instanceId,
      channel: this.#channel,
      format: this.#format,
      transport: this.#transport.name,
      sent: c.sent,
      received: { ...c.received },
      dropped: { ...c.dropped },
      reconnects: c.reconnects,
      queueLength: this.#queue.length,
      queueOverflows: this.#queue.overflows,
      publishErrors: c.publishErrors,
      listenerErrors: c.listenerErrors,
      subscribed: this.#subscribed,
      ...(this.#trackedPrefixes === undefined
        ? {}
        : { tracking: { active: this.#tracking?.active ?? false, ...c.tracking } }),
      ...(this.#replay === undefined ? {} : { replay: this.#replay.stats() }),
      ...(this.liveness === undefined
        ? {}
        : {
            liveness: {
              maxStalenessMs: this.liveness.maxStalenessMs,
              confirmedAt: this.liveness.confirmedAt,
              stalled: this.liveness.stalled,
              heartbeats: c.heartbeats,
            },
          }),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeatTimer);
    this.#listeners.clear();
    this.#tracking?.close();
    await this.#transport.close();
  }

  /** Encodes and publishes one message; false when it failed (and was counted). */
  async #send(message: InvalidationMessage): Promise<boolean> {
    const payload = this.#encode(message);
    this.#echoes?.remember(payload);
    try {
      await withTimeout(
        this.#replay === undefined
          ? this.#transport.publish(this.#channel, payload)
          : this.#replay.log.publish(this.#channel, payload, this.#transport.sharded === true),
        this.#publishTimeoutMs,
        `${this.#transport.name} publish`,
      );
      this.#counters.sent++;
      return true;
    } catch {
      this.#counters.publishErrors++;
      return false;
    }
  }

  #encode(message: InvalidationMessage): Buffer {
    const payload = this.#codec.encode({
      instanceId: this.instanceId,
      timestamp: message.version ?? Date.now(),
      message,
    });
    return this.#signer ? this.#signer.sign(payload) : payload;
  }

  #enqueue(message: InvalidationMessage): void {
    // Fail now, not at flush time, for what can never be sent (e.g. a non-JSON value in 'rust').
    this.#encode(message);
    this.#queue.add(message);
    this.#scheduleRetry();
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#closed) return;
    this.#flushing = true;
    try {
      while (this.#queue.length > 0 && this.#transport.canPublish && !this.#closed) {
        const batch = this.#queue.drain();
        for (let index = 0; index < batch.length; index++) {
          if (await this.#send(batch[index]!)) continue;
          this.#requeueAhead(batch.slice(index));
          return;
        }
      }
    } finally {
      this.#flushing = false;
      if (this.#queue.length > 0) this.#scheduleRetry();
    }
  }

  /**
   * Puts messages that failed (they may still arrive) back ahead of whatever was queued since:
   * the queue keeps the latest per key, so a newer queued message for the same key replaces them.
   */
  #requeueAhead(messages: readonly InvalidationMessage[]): void {
    const newer = this.#queue.drain();
    for (const message of messages) this.#queue.add(message);
    for (const message of newer) this.#queue.add(message);
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    this.#scheduleFlush(this.#retryIntervalMs);
  }

  /** Flushes the queue after `delayMs` (if it still holds anything then). */
  #scheduleFlush(delayMs: number): void {
    if (this.#closed || this.#queue.length === 0) return;
    const due = Date.now() + delayMs;
    if (this.#retryTimer !== undefined) {
      if (this.#retryDue <= due) return;
      clearTimeout(this.#retryTimer);
    }
    this.#retryDue = due;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#flush();
    }, delayMs);
    this.#retryTimer.unref();
  }

  #receive(raw: Buffer): void {
    if (this.#closed) return;
    if (this.#replay?.receive(raw)) return;
    this.#apply(raw);
  }

  /** Checks, decodes and delivers one payload (live or replayed). */
  #apply(raw: Buffer): void {
    let payload = raw;
    if (this.#signer) {
      const opened = this.#signer.open(raw);
      if (opened === undefined) {
        this.#drop('badSignature', raw);
        return;
      }
      payload = opened;
    }
    if (this.#format === 'binary' && isHeartbeat(payload)) {
      // Only the sender reads its heartbeats; from anyone else they carry nothing.
      const sentAt = this.liveness && ownHeartbeatTime(payload, this.instanceId);
      if (sentAt === undefined) return;
      this.liveness?.confirm(sentAt);
      // Redis answers again: what was queued meanwhile goes out now, not at the next retry, since
      // other instances may already trust their L1 again.
      if (this.#queue.length > 0) this.#scheduleFlush(0);
      return;
    }
    if (this.#echoes?.consume(raw)) {
      this.#drop('own', raw);
      return;
    }
    const envelope = this.#codec.decode(payload);
    if (envelope === undefined) {
      this.#drop('malformed', raw);
      return;
    }
    if (envelope.instanceId === this.instanceId) {
      this.liveness?.confirm(envelope.timestamp);
      this.#drop('own', raw);
      return;
    }
    let { message } = envelope;
    if (envelope.unreadableValue) this.#drop('unknownValueEncoding', raw);
    if (this.#overLong(message) !== undefined) {
      this.#drop('patternTooLong', raw);
      return;
    }
    if (this.#order !== undefined) {
      const version = envelope.timestamp;
      this.#clock!.observe(version);
      if (message.type === 'update') {
        const verdict = this.#order.verdict(message.key, version);
        if (verdict === 'older') {
          this.#drop('outOfOrder', raw);
          return;
        }
        // Older than what was forgotten: dropping L1's copy is always safe, installing it is not.
        if (verdict === 'unknown') message = { type: 'remove', keys: [message.key] };
      }
      this.#record(message, version);
    }
    this.#counters.received[message.type]++;
    this.#deliver(message);
  }

  /** The message with its version, remembered as the newest held for its keys. */
  #stamp(message: InvalidationMessage): InvalidationMessage {
    if (this.#clock === undefined) return message;
    const version = this.#clock.next();
    this.#record(message, version);
    return { ...message, version };
  }

  #record(message: InvalidationMessage, version: number): void {
    const order = this.#order!;
    switch (message.type) {
      case 'remove':
        for (const key of message.keys) order.record(key, version);
        break;
      case 'update':
        order.record(message.key, version);
        break;
      case 'pattern':
        order.recordPattern(message.pattern, version);
        break;
      case 'clear':
        order.recordClear(version);
        break;
    }
  }

  #deliver(message: InvalidationMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener.onMessage(message);
      } catch {
        this.#counters.listenerErrors++;
      }
    }
  }

  /** Tells the listeners that the gap was replayed: nothing was lost. */
  #announceReplay(downMs: number | undefined, replayed: number): void {
    const resume = { downMs, replayed };
    for (const listener of this.#listeners) {
      try {
        listener.onResume?.(resume);
      } catch {
        this.#counters.listenerErrors++;
      }
    }
  }

  /** Tells the listeners that messages were lost, so the cache clears its L1. */
  #announceGap(downMs: number | undefined): void {
    const gap = { downMs };
    for (const listener of this.#listeners) {
      try {
        listener.onReconnect?.(gap);
      } catch {
        this.#counters.listenerErrors++;
      }
    }
  }

  /**
   * The first pattern, namespace prefix or tag over `limits.maxPatternBytes`, if any. Matching is
   * linear, but a long pattern or prefix against every key of L1 still costs: they have a cap.
   */
  #overLong(message: InvalidationMessage): { what: string; text: string } | undefined {
    switch (message.type) {
      case 'pattern':
        return this.#tooLong(message.pattern)
          ? { what: 'pattern', text: message.pattern }
          : undefined;
      case 'namespace':
        return this.#tooLong(message.prefix)
          ? { what: 'namespace prefix', text: message.prefix }
          : undefined;
      case 'tags': {
        const tag = message.tags.find((each) => this.#tooLong(each));
        return tag === undefined ? undefined : { what: 'tag', text: tag };
      }
      default:
        return undefined;
    }
  }

  #tooLong(text: string): boolean {
    return Buffer.byteLength(text) > this.#maxPatternBytes;
  }

  #drop(reason: DropReason, payload: Buffer): void {
    this.#counters.dropped[reason]++;
    // An instance hearing its own message lost nothing: not reported as a drop on the channel.
    if (reason !== 'own') publishBusDropped(reason, 1);
    try {
      this.#onDrop?.(reason, payload);
    } catch {
      this.#counters.listenerErrors++;
    }
  }

  /** Every third of the bound, a heartbeat unless the echo of an own message confirmed meanwhile. */
  #startHeartbeats(): void {
    const liveness = this.liveness;
    if (liveness === undefined || this.#closed) return;
    const intervalMs = Math.max(1, Math.floor(liveness.maxStalenessMs / 3));
    this.#heartbeatTimer = setInterval(() => {
      const now = Date.now();
      if (now - liveness.confirmedAt < intervalMs) return;
      if (!this.#subscribed || !this.#transport.canPublish) return;
      this.#counters.heartbeats++;
      const beat = encodeHeartbeat(this.instanceId, now);
      const payload = this.#signer ? this.#signer.sign(beat) : beat;
      // A lost heartbeat only delays the next proof; nothing to retry.
      withTimeout(
        this.#transport.publish(this.#channel, payload),
        this.#publishTimeoutMs,
        'heartbeat',
      ).catch(() => {});
    }, intervalMs);
    this.#heartbeatTimer.unref();
  }

  #restored(): void {
    this.#subscribed = true;
    this.#downMs =
      this.#lostAt === undefined ? undefined : Math.round(performance.now() - this.#lostAt);
    this.#lostAt = undefined;
    this.#echoes?.clear();
    if (this.#closed) return;
    this.#counters.reconnects++;
    const handledAt = Date.now();
    if (this.#replay === undefined) {
      this.#announceGap(this.#downMs);
      this.liveness?.release(handledAt);
    } else {
      void this.#replay.restored().finally(() => this.liveness?.release(handledAt));
    }
  }

  async #startTracking(): Promise<void> {
    const prefixes = this.#trackedPrefixes;
    if (prefixes === undefined || this.#closed) return;
    const transport = this.#transport;
    const session = trackingSession(
      () => transport.trackingNodes!(),
      prefixes,
      this.#retryIntervalMs,
      {
        invalidate: (keys) => this.#trackingInvalidated(keys),
        lost: () => this.liveness?.hold(),
        restored: () => {
          if (this.#closed) return;
          this.#counters.tracking.gaps++;
          // Writes made meanwhile were reported to nobody and are in no log.
          this.#announceGap(undefined);
          this.liveness?.release(Date.now());
        },
      },
    );
    this.#tracking = session;
    if (this.#closed) session.close();
    try {
      await session.ready;
    } catch (error) {
      throw new CacheError(
        'tier-failure',
        'server-assisted tracking could not be enabled: it needs Redis 6 or later and permission to run CLIENT ID, CLIENT TRACKING and SUBSCRIBE __redis__:invalidate (the bus keeps trying)',
        { cause: error },
      );
    }
  }

  #trackingInvalidated(redisKeys: readonly Buffer[] | null): void {
    if (this.#closed) return;
    const counters = this.#counters.tracking;
    if (redisKeys === null) {
      counters.flushes++;
      this.#deliver({ type: 'clear' });
      return;
    }
    const keys = cacheKeys(redisKeys, this.#trackedPrefixes!);
    if (keys.length === 0) return;
    counters.invalidations++;
    counters.keys += keys.length;
    this.#deliver({ type: 'remove', keys });
  }
}

function livenessClock(
  options: RedisBusOptions,
  format: 'binary' | 'rust',
): LivenessClock | undefined {
  const maxStaleness = options.maxStaleness ?? 1000;
  if (maxStaleness === false || format === 'rust') return undefined;
  if (!(maxStaleness > 0) || !Number.isFinite(maxStaleness)) {
    throw new CacheError(
      'configuration',
      `maxStaleness ${String(maxStaleness)} is not a positive number of milliseconds: pass one (e.g. 1000) or false`,
    );
  }
  return new LivenessClock(maxStaleness);
}
