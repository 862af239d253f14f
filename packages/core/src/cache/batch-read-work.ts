import type { GracedValue, PendingWork, PendingWorkMap } from './pending-work.js';

/** Where a key of a {@link ReadBatch} stands. */
const PENDING = 0;
const ANSWERED = 1;
const FAILED = 2;

/**
 * The shared-tier read of one `getMany`, registered per key in the cache's reads so that a `get`
 * (or another batch) of one of its keys joins it instead of reading the key again. Each answer is
 * written straight into the call's results; the keys share one wake-up promise per tier round,
 * and a key's own promise is made only when someone joins it, so a batch nobody joins allocates
 * one small object per key and no promise.
 */
export class ReadBatch {
  readonly keys: string[] = [];
  readonly works: BatchKeyWork[] = [];
  /** The index in `results` of each key, by position. */
  readonly #indexes: number[] = [];
  readonly #results: unknown[];
  readonly #status: Uint8Array;
  /** The error of each failed key, by position. */
  #errors: unknown[] | undefined;
  #round: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  /** `results` receives the values; `capacity` bounds the number of keys added. */
  constructor(results: unknown[], capacity: number) {
    this.#results = results;
    this.#status = new Uint8Array(capacity);
  }

  /** Adds `key`, answered into `results[index]`, and registers it in `reads`. */
  add(reads: PendingWorkMap<unknown>, key: string, index: number): void {
    const work = new BatchKeyWork(this, this.keys.length);
    this.keys.push(key);
    this.works.push(work);
    this.#indexes.push(index);
    reads.add(key, work);
  }

  /** Settles the key at `position` with `value` (or a miss) and leaves `reads`. */
  answer(reads: PendingWorkMap<unknown>, position: number, value: unknown): void {
    reads.finish(this.keys[position]!, this.works[position]!);
    this.#results[this.#indexes[position]!] = value;
    this.#status[position] = ANSWERED;
  }

  /** Settles the key at `position` with `error` and leaves `reads`. */
  fail(reads: PendingWorkMap<unknown>, position: number, error: unknown): void {
    reads.finish(this.keys[position]!, this.works[position]!);
    this.#errors ??= [];
    this.#errors[position] = error;
    this.#status[position] = FAILED;
  }

  /** Calls `note` with the index in `results` and the error of each failed key. */
  eachFailure(note: (index: number, error: unknown) => void): void {
    const errors = this.#errors;
    if (errors === undefined) return;
    for (let position = 0; position < this.keys.length; position++) {
      if (this.#status[position] === FAILED) note(this.#indexes[position]!, errors[position]);
    }
  }

  pending(position: number): boolean {
    return this.#status[position] === PENDING;
  }

  /** Wakes the callers joined to keys settled since the last round. */
  endRound(): void {
    const wake = this.#wake;
    this.#round = undefined;
    this.#wake = undefined;
    wake?.();
  }

  /** The outcome of the key at `position`, once settled: for callers that join it. */
  outcome(position: number): Promise<unknown> {
    const status = this.#status[position];
    if (status === ANSWERED) return Promise.resolve(this.#results[this.#indexes[position]!]);
    if (status === FAILED) return Promise.reject(this.#errors![position]);
    this.#round ??= new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    return this.#round.then(() => this.outcome(position));
  }
}

/** One key of a {@link ReadBatch}, as the work a joining caller sees. */
class BatchKeyWork implements PendingWork<unknown> {
  stale = false;
  hitTier?: number;
  graced?: GracedValue;
  servedStale?: boolean;
  onStale?: () => void;
  readonly #batch: ReadBatch;
  readonly #position: number;
  #promise: Promise<unknown> | undefined;

  constructor(batch: ReadBatch, position: number) {
    this.#batch = batch;
    this.#position = position;
  }

  get promise(): Promise<unknown> {
    this.#promise ??= this.#batch.outcome(this.#position);
    return this.#promise;
  }
}
