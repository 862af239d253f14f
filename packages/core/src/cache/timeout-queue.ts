/** One call waiting in a {@link TimeoutQueue}. */
export interface PendingDeadline {
  readonly deadline: number;
  readonly onTimeout: () => void;
  done: boolean;
}

/**
 * Deadlines for calls that all share one timeout, so they expire in the order they started: one
 * timer for the whole queue instead of a `setTimeout` per call, which would cost more than the
 * rest of an L2 hit's bookkeeping together.
 *
 * @example
 * ```ts
 * const queue = new TimeoutQueue(500);
 * const deadline = queue.add(() => reject(new Error('timeout')));
 * promise.then(() => queue.settle(deadline));
 * ```
 */
export class TimeoutQueue {
  readonly #timeoutMs: number;
  /** Settled entries before `#head` are cleared, so the queue never keeps them alive. */
  #items: (PendingDeadline | undefined)[] = [];
  #head = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Starts a deadline; `onTimeout` runs once it passes unless {@link settle} came first. */
  add(onTimeout: () => void): PendingDeadline {
    const item: PendingDeadline = {
      deadline: performance.now() + this.#timeoutMs,
      onTimeout,
      done: false,
    };
    this.#items.push(item);
    if (this.#timer === undefined) this.#schedule(this.#timeoutMs);
    return item;
  }

  /** Marks the call finished in time; finished calls at the head are dropped at once. */
  settle(item: PendingDeadline): void {
    item.done = true;
    this.#dropFinishedHead();
  }

  #dropFinishedHead(): void {
    const items = this.#items;
    while (this.#head < items.length && items[this.#head]!.done) items[this.#head++] = undefined;
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(this.#expire, Math.max(1, delayMs));
    this.#timer.unref?.();
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    const items = this.#items;
    while (this.#head < items.length) {
      const item = items[this.#head]!;
      if (!item.done && item.deadline > now) break;
      items[this.#head++] = undefined;
      if (!item.done) {
        item.done = true;
        item.onTimeout();
      }
    }
    this.#dropFinishedHead();
    if (this.#head < this.#items.length) this.#schedule(this.#items[this.#head]!.deadline - now);
  };
}
