import {
  type AcquireLockOptions,
  CacheError,
  isTombstone,
  type L2Capabilities,
  type L2Entry,
  type L2Store,
  type L2WriteEntry,
  storeTtlMs,
  tombstoneFrame,
} from '@multi-tier-cache/core';
import { metaSetStamped, metaStamp } from './fence-commands.js';
import { hashKey } from './hash-ring.js';
import { assertValidPrefix, keyTail } from './key-codec.js';
import { isPlaceholder, isPlaceholderFlags, type LeaseSettings, leasedGet } from './lease.js';
import {
  casOf,
  isLeaseToken,
  metaDeleteIfCas,
  metaLease,
  metaSetIfCas,
  wonLease,
} from './lease-commands.js';
import type { MemcachedStoreOptions } from './memcached-store-options.js';
import { META_NOOP, metaDelete, metaExists, metaGet, metaSet } from './meta-commands.js';
import { Namespace } from './namespace.js';
import {
  leaseWireKey,
  metaAddLease,
  metaLeaseCas,
  parseReplacingToken,
  replacingToken,
} from './replacing-lease.js';
import { flagNumber, type MetaReply } from './reply-parser.js';
import { resolveServers } from './resolve-servers.js';
import { ServerSet } from './server-set.js';
import { exptime, remainingTtlMs } from './ttl-codec.js';
import { isTombstoneStamp, stampMoment, writtenSince, writtenStamp } from './written-stamp.js';

/**
 * Default `maxValueBytes`: 1 MiB (memcached's default item size limit) minus 1 KiB for the item
 * header and key.
 *
 * @example
 * ```ts
 * memcachedStore({ maxValueBytes: 2 * DEFAULT_MAX_VALUE_BYTES }); // with memcached -I 2m
 * ```
 */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024 - 1024;

const CAPABILITIES: L2Capabilities = Object.freeze({
  deleteMatching: false,
  remainingTtl: true,
  locks: true,
  replacingLocks: true,
  conditionalWrite: true,
});

/**
 * A shared tier on one or more memcached servers, spoken to in the meta protocol so that every
 * read returns the remaining TTL (`mg <key> v t`). Requests are pipelined over a few connections
 * per server, keys are spread by consistent hashing, and every call has a deadline.
 *
 * Memcached cannot list keys, so `deleteMatching` is not offered (`capabilities.deleteMatching`
 * is false: pattern invalidation still clears L1 and the tiers that can) and `clear()` moves the
 * prefix to a new generation instead of deleting keys (see the README).
 *
 * @example
 * ```ts
 * import { createCache } from '@multi-tier-cache/core';
 * import { memcachedStore } from '@multi-tier-cache/l2-memcached';
 *
 * const cache = createCache({ l2: memcachedStore({ servers: ['127.0.0.1:11211'], prefix: 'shop:' }) });
 * await cache.set('user:1', { name: 'Ada' }, { ttl: '10m' });
 * ```
 */
export function memcachedStore(options: MemcachedStoreOptions = {}): L2Store {
  return new MemcachedStore(options);
}

class MemcachedStore implements L2Store {
  readonly name: string;
  readonly capabilities = CAPABILITIES;
  readonly maxValueBytes: number;
  readonly #prefix: string;
  readonly #servers: ServerSet;
  readonly #namespace: Namespace;
  readonly #lease: LeaseSettings | undefined;

  constructor(options: MemcachedStoreOptions) {
    this.name = options.name ?? 'memcached';
    this.#prefix = options.prefix ?? 'mtc:';
    assertValidPrefix(this.#prefix);
    this.maxValueBytes = positive(
      'maxValueBytes',
      options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    );
    this.#servers = new ServerSet(resolveServers(options.servers), {
      timeoutMs: positive('timeoutMs', options.timeoutMs ?? 1000),
      connectionsPerServer: positive('connectionsPerServer', options.connectionsPerServer ?? 2),
      reconnectInitialMs: positive('reconnectInitialMs', options.reconnectInitialMs ?? 50),
      reconnectMaxMs: positive('reconnectMaxMs', options.reconnectMaxMs ?? 2000),
    });
    this.#namespace = new Namespace(
      this.#servers,
      this.#prefix,
      positive('namespaceRefreshMs', options.namespaceRefreshMs ?? 1000),
    );
    this.#lease = leaseSettings(options.stampedeProtection);
  }

  get(key: string): Promise<L2Entry | undefined> {
    try {
      const tail = keyTail(this.#prefix, key);
      const hash = hashKey(tail);
      const server = this.#servers.serverFor(hash);
      const generation = this.#namespace.of(server).known();
      if (generation !== undefined) {
        return this.#get(server, hash, this.#prefix + generation + tail);
      }
      return this.#withGeneration(server, (known) =>
        this.#get(server, hash, this.#prefix + known + tail),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async getMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    if (keys.length === 0) return [];
    const replies = await this.#sendByServer(keys, 1, (wire) => [metaGet(wire)]);
    return replies.map(toEntry);
  }

  async set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    this.#assertFits(key, value);
    const now = Date.now();
    const seconds = exptime(storeTtlMs(ttlMs, key));
    const tail = keyTail(this.#prefix, key);
    const hash = hashKey(tail);
    const server = this.#servers.serverFor(hash);
    const reply = await this.#withGeneration(server, (generation) =>
      this.#servers.pools[server]!.connectionFor(hash).send(
        metaSet(this.#prefix + generation + tail, value, seconds, undefined, writtenStamp(now)),
      ),
    );
    assertStored(reply, key);
  }

  /** A lease on `key`: memcached's placeholder, its CAS the token (see `lease-commands.ts`). */
  async acquireLock(
    key: string,
    ttlMs: number,
    options?: AcquireLockOptions,
  ): Promise<string | undefined> {
    const seconds = exptime(storeTtlMs(ttlMs, key));
    if (options?.replacing === true) return this.#acquireReplacing(key, seconds);
    const reply = await this.#sendOne(key, (wire) => metaLease(wire, seconds));
    const cas = casOf(reply.flags);
    if (reply.code !== 'HD' || !isTombstoneStamp(flagNumber(reply.flags, 'f') ?? 0) || !cas) {
      return wonLease(reply);
    }
    // A tombstone holds no value: remove it (only that very one) and try for the lease again.
    await this.#sendOne(key, (wire) => metaDeleteIfCas(wire, cas));
    return wonLease(await this.#sendOne(key, (wire) => metaLease(wire, seconds)));
  }

  async releaseLock(key: string, token: string): Promise<boolean> {
    const replacing = parseReplacingToken(token);
    if (replacing !== undefined) {
      const tail = keyTail(this.#prefix, key);
      const reply = await this.#sendOne(key, (wire) =>
        metaDeleteIfCas(leaseWireKey(wire, tail), replacing.leaseCas),
      );
      return reply.code === 'HD';
    }
    if (!isLeaseToken(token)) return false;
    return (await this.#sendOne(key, (wire) => metaDeleteIfCas(wire, token))).code === 'HD';
  }

  async setIfLockHeld(
    key: string,
    token: string,
    value: Uint8Array,
    ttlMs: number,
  ): Promise<boolean> {
    this.#assertFits(key, value);
    const seconds = exptime(storeTtlMs(ttlMs, key));
    const replacing = parseReplacingToken(token);
    if (replacing !== undefined) return this.#setIfReplacingHeld(key, replacing, value, seconds);
    if (!isLeaseToken(token)) return false;
    const stamp = writtenStamp(Date.now());
    const reply = await this.#sendOne(key, (wire) =>
      metaSetIfCas(wire, value, seconds, token, stamp),
    );
    return reply.code === 'HD';
  }

  /**
   * Writes unless the key holds a value or tombstone stamped at or after `startedAt`: `mg` for
   * the stamp and CAS, then `ms` with that CAS (or `ME` when absent), two round trips. A write
   * that lands in between wins: this one then writes nothing. The value is stamped with
   * `startedAt` (when earlier than now), so the pattern record hides it after any matching pattern
   * invalidation made while it was computed.
   */
  async setIfNotNewer(
    key: string,
    value: Uint8Array,
    ttlMs: number,
    startedAt: number,
  ): Promise<boolean> {
    this.#assertFits(key, value);
    const seconds = exptime(storeTtlMs(ttlMs, key));
    const found = await this.#sendOne(key, metaStamp);
    // Stamped with the computation's start, not the write's moment: the value is as old as the
    // read it was computed from, so a pattern invalidation made while it was computed hides it.
    const stamp = writtenStamp(Math.min(startedAt, Date.now()));
    if (found.code === 'EN') {
      const added = await this.#sendOne(key, (wire) =>
        metaSetStamped(wire, value, seconds, stamp, 'add'),
      );
      return added.code === 'HD';
    }
    if (found.code !== 'HD') throw unexpected(found, 'setIfNotNewer');
    if (writtenSince(flagNumber(found.flags, 'f') ?? 0, startedAt)) return false;
    const cas = casOf(found.flags);
    if (cas === undefined) throw unexpected(found, 'setIfNotNewer');
    const written = await this.#sendOne(key, (wire) =>
      metaSetStamped(wire, value, seconds, stamp, { cas }),
    );
    return written.code === 'HD';
  }

  /** Replaces each key by a tombstone stamped now; counts the keys that held a value. */
  async deleteWithTombstone(keys: readonly string[], tombstoneTtlMs: number): Promise<number> {
    if (keys.length === 0) return 0;
    const ms = storeTtlMs(tombstoneTtlMs, keys[0]!);
    const seconds = exptime(ms);
    const now = Date.now();
    const tombstone = tombstoneFrame(ms, now);
    const stamp = writtenStamp(now, true);
    const replies = await this.#sendByServer(keys, 2, (wire) => [
      metaStamp(wire),
      metaSetStamped(wire, tombstone, seconds, stamp),
    ]);
    let held = 0;
    for (let n = 0; n < replies.length; n += 2) {
      const found = replies[n]!;
      assertStored(replies[n + 1]!, keys[n / 2]!);
      if (found.code !== 'HD' || isPlaceholderFlags(found.flags)) continue;
      if (!isTombstoneStamp(flagNumber(found.flags, 'f') ?? 0)) held++;
    }
    return held;
  }

  async setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    const now = Date.now();
    const exptimes = entries.map((entry) => {
      this.#assertFits(entry.key, entry.value);
      return exptime(storeTtlMs(entry.ttlMs, entry.key), now);
    });
    if (entries.length === 0) return;
    const replies = await this.#sendByServer(
      entries.map((entry) => entry.key),
      1,
      (wire, index) => [
        metaSet(wire, entries[index]!.value, exptimes[index]!, undefined, writtenStamp(now)),
      ],
    );
    for (let index = 0; index < entries.length; index++) {
      assertStored(replies[index]!, entries[index]!.key);
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    // With stampede protection a miss may have left a placeholder, which must not count as a key
    // that existed: look at each key just before deleting it, in the same batch.
    const probe = this.#lease !== undefined;
    const step = probe ? 2 : 1;
    const replies = await this.#sendByServer(keys, step, (wire) =>
      probe ? [metaExists(wire), metaDelete(wire)] : [metaDelete(wire)],
    );
    let deleted = 0;
    for (let n = step - 1; n < replies.length; n += step) {
      const reply = replies[n]!;
      if (reply.code !== 'HD' && reply.code !== 'NF') throw unexpected(reply, 'delete');
      const real = !probe || !isPlaceholderFlags(replies[n - 1]!.flags);
      if (reply.code === 'HD' && real) deleted++;
    }
    return deleted;
  }

  /**
   * Makes every key of this prefix unreachable by writing a new namespace generation on every
   * server; the old entries expire or are evicted by memcached. Keys of other prefixes are
   * untouched. Rejects with `CacheError('tier-failure')`, naming them, if some servers could not be
   * reached (the others are cleared).
   */
  clear(): Promise<void> {
    return this.#namespace.bump();
  }

  /** Round trip (`mn`) to every server; resolves to the slowest, rejects if any is unreachable. */
  async ping(): Promise<number> {
    const latencies = await Promise.all(
      this.#servers.pools.map(async (pool) => {
        const started = performance.now();
        const reply = await pool.send(META_NOOP);
        if (reply.code !== 'MN') throw unexpected(reply, 'ping');
        return performance.now() - started;
      }),
    );
    return Math.max(...latencies);
  }

  async close(): Promise<void> {
    this.#servers.close();
  }

  #get(server: number, hash: number, wire: string): Promise<L2Entry | undefined> {
    const connection = this.#servers.pools[server]!.connectionFor(hash);
    if (this.#lease !== undefined) return leasedGet(connection, wire, this.#lease).then(toEntry);
    return connection.send(metaGet(wire)).then(toEntry);
  }

  /**
   * Sends `perKey` commands for each key (made by `encode` from its wire key), one batch per
   * server, and resolves to the replies in key order. A server whose generation is known gets its
   * batch before this returns, so commands keep the order the calls were made in.
   */
  #sendByServer(
    keys: readonly string[],
    perKey: number,
    encode: (wire: string, index: number) => readonly (string | Uint8Array)[],
  ): Promise<MetaReply[]> {
    const prefix = this.#prefix;
    const tails = keys.map((key) => keyTail(prefix, key));
    const hashes = tails.map(hashKey);
    const groups = new Map<number, number[]>();
    for (let index = 0; index < keys.length; index++) {
      const server = this.#servers.serverFor(hashes[index]!);
      const group = groups.get(server);
      if (group === undefined) groups.set(server, [index]);
      else group.push(index);
    }
    const replies = new Array<MetaReply>(keys.length * perKey);
    const sends = [...groups].map(([server, indexes]) =>
      this.#withGeneration(server, (generation) => {
        const requests: (string | Uint8Array)[] = [];
        const requestHashes: number[] = [];
        for (const index of indexes) {
          for (const request of encode(prefix + generation + tails[index]!, index)) {
            requests.push(request);
            requestHashes.push(hashes[index]!);
          }
        }
        return this.#servers.pools[server]!.sendBatch(requestHashes, requests).then((got) => {
          let n = 0;
          for (const index of indexes) {
            for (let m = 0; m < perKey; m++) replies[index * perKey + m] = got[n++]!;
          }
        });
      }),
    );
    return Promise.all(sends).then(() => replies);
  }

  /** One command for `key` (made from its wire key) to the connection that owns it. */
  /** A replacing lease (see `replacing-lease.ts`); refused while any lease holds the key. */
  async #acquireReplacing(key: string, seconds: number): Promise<string | undefined> {
    const tail = keyTail(this.#prefix, key);
    const added = await this.#sendOne(key, (wire) =>
      metaAddLease(leaseWireKey(wire, tail), seconds),
    );
    const leaseCas = added.code === 'HD' ? casOf(added.flags) : undefined;
    if (leaseCas === undefined) return undefined;
    const found = await this.#sendOne(key, metaStamp);
    // A placeholder means a miss lease holds the key: give this one back.
    if (found.code !== 'EN' && (found.code !== 'HD' || isPlaceholderFlags(found.flags))) {
      await this.#sendOne(key, (wire) => metaDeleteIfCas(leaseWireKey(wire, tail), leaseCas));
      return undefined;
    }
    return replacingToken(leaseCas, found.code === 'HD' ? casOf(found.flags) : undefined);
  }

  /** Writes under a replacing lease: only while it holds, only over the value it replaces. */
  async #setIfReplacingHeld(
    key: string,
    lease: { readonly leaseCas: string; readonly valueCas: string | undefined },
    value: Uint8Array,
    seconds: number,
  ): Promise<boolean> {
    const tail = keyTail(this.#prefix, key);
    const held = await this.#sendOne(key, (wire) => metaLeaseCas(leaseWireKey(wire, tail)));
    if (held.code !== 'HD' || casOf(held.flags) !== lease.leaseCas) return false;
    const stamp = writtenStamp(Date.now());
    const written = await this.#sendOne(key, (wire) =>
      lease.valueCas === undefined
        ? metaSetStamped(wire, value, seconds, stamp, 'add')
        : metaSetIfCas(wire, value, seconds, lease.valueCas, stamp),
    );
    await this.#sendOne(key, (wire) => metaDeleteIfCas(leaseWireKey(wire, tail), lease.leaseCas));
    return written.code === 'HD';
  }

  #sendOne(key: string, encode: (wire: string) => string | Uint8Array): Promise<MetaReply> {
    const tail = keyTail(this.#prefix, key);
    const hash = hashKey(tail);
    const server = this.#servers.serverFor(hash);
    return this.#withGeneration(server, (generation) =>
      this.#servers.pools[server]!.connectionFor(hash).send(
        encode(this.#prefix + generation + tail),
      ),
    );
  }

  /** Runs `send` with the generation of `server`: now if known, else in turn once it is. */
  #withGeneration<T>(server: number, send: (generation: string) => Promise<T>): Promise<T> {
    const generation = this.#namespace.of(server);
    const known = generation.known();
    if (known !== undefined) return send(known);
    return new Promise<T>((resolve, reject) => {
      generation.whenKnown((value) => resolve(send(value)), reject);
    });
  }

  #assertFits(key: string, value: Uint8Array): void {
    if (value.byteLength > this.maxValueBytes) {
      throw new CacheError(
        'value-too-large',
        `value of ${JSON.stringify(key)} is ${value.byteLength} bytes; ${this.name} holds at most ${this.maxValueBytes}: store less, or start memcached with a larger -I and raise maxValueBytes`,
      );
    }
  }
}

function toEntry(reply: MetaReply): L2Entry | undefined {
  if (reply.code === 'VA') {
    if (isPlaceholder(reply) || isTombstone(reply.value!)) return undefined;
    const ttlMs = remainingTtlMs(flagNumber(reply.flags, 't'));
    const writtenAt = stampMoment(flagNumber(reply.flags, 'f') ?? 0);
    return writtenAt === undefined
      ? { value: reply.value!, ttlMs }
      : { value: reply.value!, ttlMs, writtenAt };
  }
  if (reply.code === 'EN') return undefined;
  throw unexpected(reply, 'get');
}

function assertStored(reply: MetaReply, key: string): void {
  if (reply.code === 'HD') return;
  if (reply.code === 'SERVER_ERROR' && reply.flags.includes('too large')) {
    throw new CacheError(
      'value-too-large',
      `memcached refused the value of ${JSON.stringify(key)} as too large (${reply.flags}): lower maxValueBytes to the server's -I limit`,
    );
  }
  throw unexpected(reply, 'set');
}

function unexpected(reply: MetaReply, operation: string): CacheError {
  return new CacheError(
    'tier-failure',
    `memcached answered ${reply.code}${reply.flags ? ` ${reply.flags}` : ''} to ${operation}`,
  );
}

function leaseSettings(
  option: MemcachedStoreOptions['stampedeProtection'],
): LeaseSettings | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = option === true ? {} : option;
  return {
    leaseSeconds: Math.ceil(
      positive('stampedeProtection.leaseMs', settings.leaseMs ?? 5000) / 1000,
    ),
    waitMs: positive('stampedeProtection.waitMs', settings.waitMs ?? 300),
    pollMs: positive('stampedeProtection.pollMs', settings.pollMs ?? 10),
  };
}

function positive(option: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new CacheError('configuration', `${option} must be a positive number, got ${value}`);
  }
  return value;
}
