import type { L2Entry } from '@multi-tier-cache/core';
import { readFramedEntry } from './expiry-entry.js';

/** What a {@link ReadCoalescer} sends: one GET, or one batch of keys read together. */
export interface CoalescedReads {
  /** One plain GET of `key`: the value's bytes or `null`. */
  readonly get: (key: string) => Promise<Uint8Array | null>;
  /**
   * The values of `keys`, in order (e.g. one MGET, or one MGET per slot on a Cluster). An `Error`
   * in a position rejects only that key's reader; a rejection rejects every reader of the batch.
   */
  readonly getMany: (keys: readonly string[]) => Promise<readonly (Uint8Array | null | Error)[]>;
  /** The error a reader rejects with (e.g. with passwords hidden). @default the error itself */
  readonly toError?: (error: unknown) => unknown;
}

/**
 * Most keys in one batch: a full batch leaves at once and the next read starts another, so one
 * MGET never holds Redis (a single thread) for long.
 */
export const MAX_BATCH_KEYS = 1000;

/** Readers waiting for the next batch: keys and their promises' settle functions, by index. */
interface Batch {
  readonly keys: string[];
  readonly resolves: ((entry: L2Entry | undefined) => void)[];
  readonly rejects: ((error: unknown) => void)[];
}

/**
 * Reads of framed values (core's `frameWithExpiry`) coalesced per tick: the first read of a tick
 * leaves at once as one plain GET (no added latency when there is no concurrency); the reads that
 * follow it in the same tick wait for `process.nextTick` and leave together through `getMany`
 * (one MGET, at most {@link MAX_BATCH_KEYS} keys), so 64 concurrent callers cost two commands
 * instead of 64. No closure or timer per
 * read: one bound executor and one tick callback serve every batch.
 *
 * @example
 * ```ts
 * const reads = new ReadCoalescer({
 *   get: (key) => client.getBuffer(key),
 *   getMany: (keys) => client.mgetBuffer(...keys),
 * });
 * const entry = await reads.read('mtc:user:1'); // { value, ttlMs } or undefined
 * ```
 */
export class ReadCoalescer {
  readonly #reads: CoalescedReads;
  readonly #toError: (error: unknown) => unknown;
  /** True from a tick's first read until that tick ends. */
  #inTick = false;
  #batch: Batch | undefined;
  readonly #endTick = (): void => {
    this.#inTick = false;
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    this.#send(batch);
  };
  readonly #enqueue = (
    resolve: (entry: L2Entry | undefined) => void,
    reject: (error: unknown) => void,
  ): void => {
    const batch = this.#batch!;
    batch.resolves.push(resolve);
    batch.rejects.push(reject);
  };

  constructor(reads: CoalescedReads) {
    this.#reads = reads;
    this.#toError = reads.toError ?? identity;
  }

  /** The entry of `fullKey` (prefix included), or `undefined`; rejects with the read's error. */
  read(fullKey: string): Promise<L2Entry | undefined> {
    if (!this.#inTick) {
      this.#inTick = true;
      process.nextTick(this.#endTick);
      return this.#reads.get(fullKey).then(readFramedEntry, this.#rethrow);
    }
    this.#batch ??= { keys: [], resolves: [], rejects: [] };
    const batch = this.#batch;
    batch.keys.push(fullKey);
    const entry = new Promise<L2Entry | undefined>(this.#enqueue);
    if (batch.keys.length >= MAX_BATCH_KEYS) {
      this.#batch = undefined;
      this.#send(batch);
    }
    return entry;
  }

  readonly #rethrow = (error: unknown): never => {
    throw this.#toError(error);
  };

  #send(batch: Batch): void {
    let sent: Promise<readonly (Uint8Array | null | Error)[]>;
    try {
      sent = batch.keys.length === 1 ? this.#one(batch.keys[0]!) : this.#reads.getMany(batch.keys);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (values) => {
        for (let i = 0; i < batch.resolves.length; i++) {
          const value = values[i];
          if (value instanceof Error) batch.rejects[i]!(this.#toError(value));
          else batch.resolves[i]!(readFramedEntry(value));
        }
      },
      (error: unknown) => {
        const failure = this.#toError(error);
        for (const reject of batch.rejects) reject(failure);
      },
    );
  }

  #one(key: string): Promise<readonly (Uint8Array | null)[]> {
    return this.#reads.get(key).then(wrap);
  }
}

function wrap(value: Uint8Array | null): readonly (Uint8Array | null)[] {
  return [value];
}

function identity(error: unknown): unknown {
  return error;
}
