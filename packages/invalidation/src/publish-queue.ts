import { compileGlob, type InvalidationMessage } from '@multi-tier-cache/core';

type KeyEntry = { readonly type: 'remove' } | Extract<InvalidationMessage, { type: 'update' }>;

/**
 * Messages that could not be published, kept until the connection is back. Bounded and compacted:
 * only the latest operation per key is kept; a pattern drops queued keys it matches; a clear drops
 * everything queued before it. When more than `limit` entries would be kept, the queue collapses
 * into a single clear, which invalidates a superset of what was lost.
 *
 * Replayed in an order that gives the same end state: clear, then patterns, then keys.
 *
 * @example
 * ```ts
 * const queue = new PublishQueue(1000);
 * queue.add({ type: 'remove', keys: ['a'] });
 * queue.drain(); // [{ type: 'remove', keys: ['a'] }]
 * ```
 */
export class PublishQueue {
  readonly #limit: number;
  #clear = false;
  #patterns = new Set<string>();
  #keys = new Map<string, KeyEntry>();
  /** Tag and namespace invalidations: order-insensitive (each records a time), kept as they are. */
  #groups: InvalidationMessage[] = [];
  #overflows = 0;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Entries held: a clear, each pattern and each key count one. */
  get length(): number {
    return (this.#clear ? 1 : 0) + this.#patterns.size + this.#keys.size + this.#groups.length;
  }

  /** How often the queue collapsed into a clear because it was full. */
  get overflows(): number {
    return this.#overflows;
  }

  add(message: InvalidationMessage): void {
    switch (message.type) {
      case 'clear':
        this.#clearAll();
        return;
      case 'pattern': {
        const matches = compileGlob(message.pattern);
        for (const key of this.#keys.keys()) if (matches.test(key)) this.#keys.delete(key);
        this.#patterns.add(message.pattern);
        break;
      }
      case 'remove':
        for (const key of message.keys) {
          this.#keys.delete(key);
          this.#keys.set(key, { type: 'remove' });
        }
        break;
      case 'update':
        this.#keys.delete(message.key);
        this.#keys.set(message.key, message);
        break;
      case 'tags':
      case 'namespace':
        this.#groups.push(message);
        break;
    }
    if (this.length > this.#limit) {
      this.#overflows++;
      this.#clearAll();
    }
  }

  /** Empties the queue and returns the messages to send, in order. */
  drain(): InvalidationMessage[] {
    const messages: InvalidationMessage[] = [];
    if (this.#clear) messages.push({ type: 'clear' });
    for (const pattern of this.#patterns) messages.push({ type: 'pattern', pattern });
    messages.push(...this.#groups);
    let removes: string[] = [];
    for (const [key, entry] of this.#keys) {
      if (entry.type === 'remove') {
        removes.push(key);
        continue;
      }
      if (removes.length > 0) messages.push({ type: 'remove', keys: removes });
      removes = [];
      messages.push(entry);
    }
    if (removes.length > 0) messages.push({ type: 'remove', keys: removes });
    this.#clear = false;
    this.#patterns = new Set();
    this.#keys = new Map();
    this.#groups = [];
    return messages;
  }

  #clearAll(): void {
    this.#clear = true;
    this.#patterns.clear();
    this.#keys.clear();
    this.#groups = [];
  }
}
