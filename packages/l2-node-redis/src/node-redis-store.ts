import {
  CacheError,
  frameWithExpiry,
  type L2Capabilities,
  type L2Entry,
  type L2Store,
  type L2WriteEntry,
} from '@multi-tier-cache/core';
import type { Backend, Command } from './backend.js';
import { entryOf, framedEntry, readFramed, setCommand, toEntry } from './commands.js';
import { createBackend } from './create-backend.js';
import { escapeGlob } from './escape-glob.js';
import { groupKeysByNode, type NodeGroup } from './group-keys.js';
import { keySlot } from './key-slot.js';
import type { NodeRedisStoreOptions } from './node-redis-store-options.js';
import { scanAndUnlink } from './scan-and-unlink.js';

const CAPABILITIES: L2Capabilities = { deleteMatching: true, remainingTtl: true };

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
  readonly capabilities = CAPABILITIES;
  readonly maxValueBytes = MAX_VALUE_BYTES;
  readonly #prefix: string;
  readonly #framed: boolean;
  readonly #scanCount: number;
  readonly #backend: Backend;
  #closed = false;

  constructor(options: NodeRedisStoreOptions) {
    const prefix = options.prefix ?? 'mtc:';
    if (prefix === '') {
      throw new CacheError(
        'configuration',
        'prefix is empty: clear() would then remove every key of the database; set a prefix such as "app:"',
      );
    }
    const scanCount = options.scanCount ?? 1000;
    if (!Number.isInteger(scanCount) || scanCount < 1) {
      throw new CacheError('configuration', `scanCount is ${scanCount}: use a positive integer`);
    }
    this.#prefix = prefix;
    this.name = options.name ?? 'node-redis';
    this.#scanCount = scanCount;
    this.#framed = (options.valueFormat ?? 'framed') === 'framed';
    this.#backend = createBackend(options);
  }

  get(key: string): Promise<L2Entry | undefined> {
    if (this.#closed) return rejectClosed();
    const full = this.#prefix + key;
    return this.#backend
      .pipeline(
        full,
        this.#framed
          ? [['GET', full]]
          : [
              ['GET', full],
              ['PTTL', full],
            ],
      )
      .then(this.#framed ? framedEntry : toEntry);
  }

  getMany(keys: readonly string[]): Promise<(L2Entry | undefined)[]> {
    if (this.#closed) return rejectClosed();
    if (keys.length === 0) return Promise.resolve([]);
    const full = keys.map((key) => this.#prefix + key);
    const results = new Array<L2Entry | undefined>(keys.length).fill(undefined);
    if (!this.#backend.clustered) {
      return this.#readSlots(full[0]!, [{ keys: full, indexes: full.map((_, i) => i) }], results);
    }
    return Promise.all(
      this.#groups(full).map((node) =>
        this.#readSlots(node.slots[0]!.keys[0]!, node.slots, results),
      ),
    ).then(() => results);
  }

  set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    if (this.#closed) return rejectClosed();
    const full = this.#prefix + key;
    let command: Command;
    try {
      command = setCommand(full, this.#encode(value, ttlMs), ttlMs);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#backend.send(full, command).then(ignore);
  }

  setMany(entries: readonly L2WriteEntry[]): Promise<void> {
    if (this.#closed) return rejectClosed();
    if (entries.length === 0) return Promise.resolve();
    let commands: Command[];
    try {
      commands = entries.map((entry) =>
        setCommand(this.#prefix + entry.key, this.#encode(entry.value, entry.ttlMs), entry.ttlMs),
      );
    } catch (error) {
      return Promise.reject(error);
    }
    const keys = commands.map((command) => command[1] as string);
    if (!this.#backend.clustered) return this.#backend.pipeline(keys[0]!, commands).then(ignore);
    const waiting = this.#backend.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.setMany(entries));
    return Promise.all(
      this.#groups(keys).map((node) =>
        this.#backend.pipeline(
          node.slots[0]!.keys[0]!,
          node.slots.flatMap((slot) => slot.indexes.map((index) => commands[index]!)),
        ),
      ),
    ).then(ignore);
  }

  delete(keys: readonly string[]): Promise<number> {
    if (this.#closed) return rejectClosed();
    if (keys.length === 0) return Promise.resolve(0);
    const full = keys.map((key) => this.#prefix + key);
    if (!this.#backend.clustered) {
      return this.#backend.send(full[0]!, ['UNLINK', ...full]) as Promise<number>;
    }
    const waiting = this.#backend.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.delete(keys));
    return Promise.all(
      this.#groups(full).flatMap((node) =>
        node.slots.map(
          (slot) => this.#backend.send(slot.keys[0]!, ['UNLINK', ...slot.keys]) as Promise<number>,
        ),
      ),
    ).then(sum);
  }

  deleteMatching(glob: string): Promise<number> {
    if (this.#closed) return rejectClosed();
    if (typeof glob !== 'string' || glob === '') {
      return Promise.reject(
        new CacheError('invalid-key', 'pattern must be a non-empty glob such as "user:*"'),
      );
    }
    return this.#unlinkMatching(escapeGlob(this.#prefix) + glob);
  }

  clear(): Promise<void> {
    if (this.#closed) return rejectClosed();
    return this.#unlinkMatching(`${escapeGlob(this.#prefix)}*`).then(ignore);
  }

  async ping(): Promise<number> {
    if (this.#closed) throw closedError();
    const masters = await this.#backend.masters();
    const latencies = await Promise.all(
      masters.map(async (master) => {
        const start = performance.now();
        await master.send(['PING']);
        return performance.now() - start;
      }),
    );
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

  /** MGET per slot plus PTTL per key, all in one pipeline to the server of `routingKey`. */
  #encode(value: Uint8Array, ttlMs: number): Uint8Array {
    return this.#framed && ttlMs > 0 ? frameWithExpiry(value, Math.ceil(ttlMs)) : value;
  }

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
      let ttlAt = slots.length;
      for (let s = 0; s < slots.length; s++) {
        const values = replies[s] as (Buffer | null)[];
        const indexes = slots[s]!.indexes;
        for (let i = 0; i < indexes.length; i++) {
          const value = values[i] ?? null;
          results[indexes[i]!] = this.#framed
            ? readFramed(value)
            : entryOf(value, replies[ttlAt++] as number);
        }
      }
      return results;
    });
  }

  async #unlinkMatching(pattern: string): Promise<number> {
    const masters = await this.#backend.masters();
    const counts = await Promise.all(
      masters.map((master) =>
        scanAndUnlink(
          master,
          pattern,
          this.#scanCount,
          this.#backend.clustered ? keySlot : undefined,
        ),
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
