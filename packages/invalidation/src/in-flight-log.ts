import { compileGlob, type InvalidationMessage } from '@multi-tier-cache/core';

/**
 * The messages sent straight out, kept from the oldest one still unanswered on. When a send fails
 * (it may still reach Redis later), what was published after it decides whether sending it again
 * could bring an old value back after a newer message.
 *
 * @example
 * ```ts
 * const log = new InFlightLog();
 * const ticket = log.add(message);
 * const sent = await send(message);
 * const retry = sent ? undefined : log.retryOf(ticket);
 * log.settle(ticket);
 * ```
 */
export class InFlightLog {
  #entries: { readonly message: InvalidationMessage; settled: boolean }[] = [];
  /** The ticket of `#entries[0]`. */
  #first = 0;

  /** Entries kept: the oldest unsettled send and everything sent after it. */
  get size(): number {
    return this.#entries.length;
  }

  /** Records a message about to be sent; returns its ticket. */
  add(message: InvalidationMessage): number {
    this.#entries.push({ message, settled: false });
    return this.#first + this.#entries.length - 1;
  }

  /**
   * The message of a failed send to send again, or undefined when something sent after it already
   * covers its key. Only an update can do harm by arriving late (it would bring its value back
   * over a newer one); a late remove, pattern or clear costs at most a miss.
   */
  retryOf(ticket: number): InvalidationMessage | undefined {
    const index = ticket - this.#first;
    const message = this.#entries[index]?.message;
    if (message === undefined || message.type !== 'update') return message;
    for (let later = index + 1; later < this.#entries.length; later++) {
      if (covers(this.#entries[later]!.message, message.key)) return undefined;
    }
    return message;
  }

  /** The send got its answer (or gave up): forget what no unsettled send can need any more. */
  settle(ticket: number): void {
    const entry = this.#entries[ticket - this.#first];
    if (entry !== undefined) entry.settled = true;
    let done = 0;
    while (done < this.#entries.length && this.#entries[done]!.settled) done++;
    if (done === 0) return;
    this.#entries = this.#entries.slice(done);
    this.#first += done;
  }
}

function covers(message: InvalidationMessage, key: string): boolean {
  switch (message.type) {
    case 'clear':
      return true;
    case 'pattern':
      return compileGlob(message.pattern).test(key);
    case 'update':
      return message.key === key;
    case 'remove':
    case 'expire':
      return message.keys.includes(key);
    case 'namespace':
      return key.startsWith(message.prefix);
    case 'tags':
      return false;
  }
}
