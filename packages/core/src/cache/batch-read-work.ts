import type { GracedValue, PendingWork, PendingWorkMap } from './pending-work.js';

/** Where a key of a {@link ReadBatch} stands. */
const PENDING = 0;
const ANSWERED = 1;
const FAILED = 2;

/**
 * The shared-tier read of one `getMany`, registered per key in the cache's reads so that a `get`
 * (or another batch) of one of its keys joins it instead of reading the key again. The keys share
 * one wake-up promise per tier round; a key's own promise is made only when someone joins it,
 * so a batch nobody joins allocates one small object per key and no promise.
 */
export class ReadBatch {
  readonly keys: string[] = [];
  readonly works: BatchKeyWork[] = [];
  /** Per key: the value (or `undefined`) once answered, the error once failed. */
  readonly outcomes: unknown[] = [];
  readonly #status: number[] = [];
  #round: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  /** Adds `key` to the batch and registers it in `reads`; returns its position. */
  add(reads: PendingWorkMap<unknown>, key: string): number {
    const position = this.keys.length;
    const work = new BatchKeyWork(this, position);
    this.keys.push(key);
    this.works.push(work);
    this.outcomes.push(undefined);
    this.#status.push(PENDING);
    reads.add(key, work);
    return position;
  }

  /** Settles the key at `position` with `value` (or a miss) and leaves `reads`. */
  answer(reads: PendingWorkMap<unknown>, position: number, value: unknown): void {
    reads.finish(this.keys[position]!, this.works[position]!);
    this.outcomes[position] = value;
    this.#status[position] = ANSWERED;
  }

  /** Settles the key at `position` with `error` and leaves `reads`. */
  fail(reads: PendingWorkMap<unknown>, position: number, error: unknown): void {
    reads.finish(this.keys[position]!, this.works[position]!);
    this.outcomes[position] = error;
    this.#status[position] = FAILED;
  }

  failed(position: number): boolean {
    return this.#status[position] === FAILED;
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
    if (status === ANSWERED) return Promise.resolve(this.outcomes[position]);
    if (status === FAILED) return Promise.reject(this.outcomes[position]);
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
