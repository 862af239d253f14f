import {
  type AcquireLockOptions,
  CacheError,
  frameWithExpiry,
  type L2Capabilities,
  type L2ConditionalWrite,
  type L2Entry,
  type L2Locks,
  type L2Store,
  type L2WriteEntry,
  storeTtlMs,
  tombstoneFrame,
  validatePrefix,
} from '@multi-tier-cache/core';
import {
  entryFromPttl,
  escapeGlob,
  groupKeysByNode,
  type NodeGroup,
  PATTERN_FENCE_MS,
  ReadCoalescer,
  readFramedEntry,
  recordPatternFence,
  scanAndTombstone,
  scanAndUnlink,
} from '@multi-tier-cache/redis-common';
import type { Backend, Command } from './backend.js';
import { framedValue, setCommand, toEntry } from './commands.js';
import { connect } from './connect.js';
import { nodeRedisConditionalWrite } from './node-redis-conditional-write.js';
import { nodeRedisLocks } from './node-redis-locks.js';
import type { NodeRedisStoreOptions } from './node-redis-store-options.js';

/**
 * An L2 store on node-redis (`redis`): standalone, Redis Cluster or Sentinel. `get` reads the
 * bytes and the remaining TTL in one pipelined round trip; batches take one round trip per server
 * (per master on a cluster, grouped by hash slot so nothing fails with CROSSSLOT); `clear()` and
 * `deleteMatching()` SCAN every master and UNLINK only keys under `prefix`.
 *
 * @example
 * ```ts
 * import { createCache } from '@multi-tier-cache/core';
 * import { nodeRedisStore } from '@multi-tier-cache/l2-node-redis';
 *
 * const cache = createCache({ l2: nodeRedisStore({ url: process.env.REDIS_URL, prefix: 'shop:' }) });
 * ```
 */
export function nodeRedisStore(options: NodeRedisStoreOptions = {}): L2Store {
  return new NodeRedisStore(options);
}

/** Redis' own limit on a string value (512 MiB). */
const MAX_VALUE_BYTES = 512 * 1024 * 1024;

class NodeRedisStore implements L2Store {
  readonly name: string;
  readonly capabilities: L2Capabilities;
  readonly maxValueBytes = MAX_VALUE_BYTES;
  readonly #prefix: string;
  readonly #framed: boolean;
  readonly #scanCount: number;
  readonly #backend: Backend;
  /** Names what happened to the connection, and hides the store's passwords, in every error. */
  readonly #fail: (error: unknown) => never;
  /** Framed reads coalesced per tick; `undefined` for plain values or when turned off. */
  readonly #reads: ReadCoalescer | undefined;
  readonly #locks: L2Locks;
  readonly #fencing: L2ConditionalWrite;
  #closed = false;

  constructor(options: NodeRedisStoreOptions) {
    const prefix = validatePrefix(options.prefix ?? 'mtc:', 'nodeRedisStore');
    const scanCount = options.scanCount ?? 1000;
    if (!Number.isInteger(scanCount) || scanCount < 1) {
      throw new CacheError('configuration', `scanCount is ${scanCount}: use a positive integer`);
    }
    this.#prefix = prefix;
    this.name = options.name ?? 'node-redis';
    this.#scanCount = scanCount;
    this.#framed = (options.valueFormat ?? 'framed') === 'framed';
    // Fencing reads the written-at moment from the frame: plain values carry none.
    this.capabilities = {
      deleteMatching: true,
      remainingTtl: true,
      locks: true,
      replacingLocks: true,
      conditionalWrite: this.#framed,
    };
    const { backend, failure } = connect(options);
    this.#backend = backend;
    this.#fail = (error) => {
      throw failure(error);
    };
    this.#reads =
      this.#framed && options.coalesceReads !== false
        ? new ReadCoalescer({
            get: (full) => backend.send(full, ['GET', full]) as Promise<Buffer | null>,
            getMany: (full) => this.#mget(full),
            toError: failure,
          })
        : undefined;
    this.#locks = nodeRedisLocks(
      backend,
      prefix,
      (value, ms) => this.#encode(value, ms),
      this.#fail,
    );
    this.#fencing = nodeRedisConditionalWrite(
      backend,
      prefix,
      (value, ms) => this.#encode(value, ms),
      this.#fail,
    );
  }

  setIfNotNewer(
    key: string,
    value: Uint8Array,
    ttlMs: number,
    startedAt: number,
  ): Promise<boolean> {
    if (this.#closed) return rejectClosed();
    if (!this.#framed) return rejectUnframed();
    return this.#fencing.setIfNotNewer(key, value, ttlMs, startedAt);
  }

  deleteWithTombstone(keys: readonly string[], tombstoneTtlMs: number): Promise<number> {
    if (this.#closed) return rejectClosed();
    if (!this.#framed) return rejectUnframed();
    return this.#fencing.deleteWithTombstone(keys, tombstoneTtlMs);
  }

  acquireLock(
    key: string,
    ttlMs: number,
    options?: AcquireLockOptions,
  ): Promise<string | undefined> {
    return this.#closed ? rejectClosed() : this.#locks.acquireLock(key, ttlMs, options);
  }

  releaseLock(key: string, token: string): Promise<boolean> {
    return this.#closed ? rejectClosed() : this.#locks.releaseLock(key, token);
  }

  setIfLockHeld(key: string, token: string, value: Uint8Array, ttlMs: number): Promise<boolean> {
    return this.#closed ? rejectClosed() : this.#locks.setIfLockHeld(key, token, value, ttlMs);
  }

  get(key: string): Promise<L2Entry | undefined> {
    if (this.#closed) return rejectClosed();
    const full = this.#prefix + key;
    if (this.#reads !== undefined) return this.#reads.read(full);
    if (this.#framed) {
      return this.#backend.send(full, ['GET', full]).then(framedValue, this.#fail);
    }
    return this.#backend
      .pipeline(full, [
        ['GET', full],
        ['PTTL', full],
      ])
      .then(toEntry, this.#fail);
  }

  getMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    if (this.#closed) return rejectClosed();
    if (keys.length === 0) return Promise.resolve([]);
    const full = keys.map((key) => this.#prefix + key);
    if (this.#framed && !this.#backend.clustered) {
      // One MGET, without a MULTI pipeline around it: a pipeline of one command costs more.
      return this.#backend.send(full[0]!, ['MGET', ...full]).then((replies) => {
        const values = replies as (Buffer | null)[];
        const entries = new Array<L2Entry | undefined>(values.length);
        const now = Date.now();
        for (let i = 0; i < values.length; i++) entries[i] = readFramedEntry(values[i], now);
        return entries;
      }, this.#fail);
    }
    const results = new Array<L2Entry | undefined>(keys.length).fill(undefined);
    if (!this.#backend.clustered) {
      return this.#readSlots(
        full[0]!,
        [{ keys: full, indexes: full.map((_, i) => i) }],
        results,
      ).then(undefined, this.#fail);
    }
    return Promise.all(
      this.#groups(full).map((node) =>
        this.#readSlots(node.slots[0]!.keys[0]!, node.slots, results),
      ),
    ).then(() => results, this.#fail);
  }

  set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    if (this.#closed) return rejectClosed();
    const full = this.#prefix + key;
    let command: Command;
    try {
      const ms = storeTtlMs(ttlMs, key);
      command = setCommand(full, this.#encode(value, ms), ms);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#backend.send(full, command).then(ignore, this.#fail);
  }

  setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    if (this.#closed) return rejectClosed();
    if (entries.length === 0) return Promise.resolve();
    let commands: Command[];
    try {
      const ttls = entries.map((entry) => storeTtlMs(entry.ttlMs, entry.key));
      commands = entries.map((entry, i) =>
        setCommand(this.#prefix + entry.key, this.#encode(entry.value, ttls[i]!), ttls[i]!),
      );
    } catch (error) {
      return Promise.reject(error);
    }
    const keys = commands.map((command) => command[1] as string);
    if (!this.#backend.clustered) {
      return this.#backend.pipeline(keys[0]!, commands).then(ignore, this.#fail);
    }
    const waiting = this.#backend.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.setMany(entries), this.#fail);
    return Promise.all(
      this.#groups(keys).map((node) =>
        this.#backend.pipeline(
          node.slots[0]!.keys[0]!,
          node.slots.flatMap((slot) => slot.indexes.map((index) => commands[index]!)),
        ),
      ),
    ).then(ignore, this.#fail);
  }

  delete(keys: readonly string[]): Promise<number> {
    if (this.#closed) return rejectClosed();
    if (keys.length === 0) return Promise.resolve(0);
    const full = keys.map((key) => this.#prefix + key);
    if (!this.#backend.clustered) {
      return (this.#backend.send(full[0]!, ['UNLINK', ...full]) as Promise<number>).then(
        undefined,
        this.#fail,
      );
    }
    const waiting = this.#backend.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.delete(keys), this.#fail);
    return Promise.all(
      this.#groups(full).flatMap((node) =>
        node.slots.map(
          (slot) => this.#backend.send(slot.keys[0]!, ['UNLINK', ...slot.keys]) as Promise<number>,
        ),
      ),
    ).then(sum, this.#fail);
  }

  deleteMatching(glob: string): Promise<number> {
    if (this.#closed) return rejectClosed();
    if (typeof glob !== 'string' || glob === '') {
      return Promise.reject(
        new CacheError('invalid-key', 'pattern must be a non-empty glob such as "user:*"'),
      );
    }
    const pattern = escapeGlob(this.#prefix) + glob;
    if (!this.#framed) return this.#unlinkMatching(pattern).then(undefined, this.#fail);
    return this.#tombstoneMatching(pattern).then(undefined, this.#fail);
  }

  clear(): Promise<void> {
    if (this.#closed) return rejectClosed();
    return this.#unlinkMatching(`${escapeGlob(this.#prefix)}*`).then(ignore, this.#fail);
  }

  async ping(): Promise<number> {
    if (this.#closed) throw closedError();
    const latencies = await this.#backend
      .masters()
      .then((masters) =>
        Promise.all(
          masters.map(async (master) => {
            const start = performance.now();
            await master.send(['PING']);
            return performance.now() - start;
          }),
        ),
      )
      .then(undefined, this.#fail);
    return Math.max(...latencies);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#backend.close();
  }

  #groups(keys: readonly string[]): NodeGroup[] {
    return groupKeysByNode(keys, (slot) => this.#backend.nodeOfSlot(slot));
  }

  #encode(value: Uint8Array, ttlMs: number): Uint8Array {
    return this.#framed ? frameWithExpiry(value, ttlMs) : value;
  }

  /** MGET per slot plus PTTL per key, all in one pipeline to the server of `routingKey`. */
  #readSlots(
    routingKey: string,
    slots: readonly { readonly keys: string[]; readonly indexes: number[] }[],
    results: (L2Entry | undefined)[],
  ): Promise<(L2Entry | undefined)[]> {
    const commands: Command[] = slots.map((slot) => ['MGET', ...slot.keys]);
    if (!this.#framed) {
      for (const slot of slots) for (const key of slot.keys) commands.push(['PTTL', key]);
    }
    return this.#backend.pipeline(routingKey, commands).then((replies) => {
      const now = Date.now();
      let ttlAt = slots.length;
      for (let s = 0; s < slots.length; s++) {
        const values = replies[s] as (Buffer | null)[];
        const indexes = slots[s]!.indexes;
        for (let i = 0; i < indexes.length; i++) {
          const value = values[i] ?? null;
          results[indexes[i]!] = this.#framed
            ? readFramedEntry(value, now)
            : entryFromPttl(value, replies[ttlAt++] as number);
        }
      }
      return results;
    });
  }

  /**
   * Values of full keys read together: one MGET on a single server; on a cluster one pipeline
   * per master with one MGET per slot, a failed master failing only its keys.
   */
  #mget(full: readonly string[]): Promise<readonly (Buffer | null | Error)[]> {
    if (!this.#backend.clustered) {
      return this.#backend.send(full[0]!, ['MGET', ...full]) as Promise<(Buffer | null)[]>;
    }
    const waiting = this.#backend.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.#mget(full));
    const values = new Array<Buffer | null | Error>(full.length).fill(null);
    return Promise.all(
      this.#groups(full).map((node) =>
        this.#backend
          .pipeline(
            node.slots[0]!.keys[0]!,
            node.slots.map((slot) => ['MGET', ...slot.keys]),
          )
          .then(
            (replies) => {
              for (let s = 0; s < node.slots.length; s++) {
                const slotValues = replies[s] as (Buffer | null)[];
                const { indexes } = node.slots[s]!;
                for (let i = 0; i < indexes.length; i++)
                  values[indexes[i]!] = slotValues[i] ?? null;
              }
            },
            (error: unknown) => {
              const failure = error instanceof Error ? error : new Error(String(error));
              for (const slot of node.slots)
                for (const index of slot.indexes) values[index] = failure;
            },
          ),
      ),
    ).then(() => values);
  }

  /**
   * A framed store's pattern deletion fences computations that started before it, as `delete`
   * does: the pattern goes into the pattern fence first (standalone and Sentinel), then every
   * matching key becomes a tombstone.
   */
  async #tombstoneMatching(pattern: string): Promise<number> {
    const at = Date.now();
    const masters = await this.#backend.masters();
    if (!this.#backend.clustered) {
      await Promise.all(
        masters.map((master) =>
          recordPatternFence(
            (command) => master.send([...command]),
            this.#prefix,
            pattern,
            at,
            PATTERN_FENCE_MS,
          ),
        ),
      );
    }
    const tombstone = tombstoneFrame(PATTERN_FENCE_MS);
    const counts = await Promise.all(
      masters.map((master) =>
        scanAndTombstone(
          (command) => master.send([...command]),
          pattern,
          tombstone,
          PATTERN_FENCE_MS,
          this.#scanCount,
        ),
      ),
    );
    return sum(counts);
  }

  async #unlinkMatching(pattern: string): Promise<number> {
    const masters = await this.#backend.masters();
    const options = { count: this.#scanCount, clustered: this.#backend.clustered };
    const counts = await Promise.all(
      masters.map((master) =>
        scanAndUnlink((command) => master.send([...command]), pattern, options),
      ),
    );
    return sum(counts);
  }
}

function sum(counts: readonly number[]): number {
  let total = 0;
  for (const count of counts) total += count;
  return total;
}

function ignore(): void {}

function closedError(): CacheError {
  return new CacheError('closed', 'the node-redis store is closed: create a new one');
}

function rejectClosed(): Promise<never> {
  return Promise.reject(closedError());
}

/** The fencing capability needs framed values (they carry their written-at moment). */
function rejectUnframed(): Promise<never> {
  return Promise.reject(
    new CacheError(
      'configuration',
      "conditional writes need valueFormat 'framed': plain values carry no written-at moment",
    ),
  );
}
