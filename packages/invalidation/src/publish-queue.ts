import { compileGlob, type InvalidationMessage } from '@multi-tier-cache/core';

type KeyEntry =
  | { readonly type: 'remove'; readonly version?: number }
  | { readonly type: 'expire'; readonly version?: number }
  | Extract<InvalidationMessage, { type: 'update' }>;

/**
 * Messages that could not be published, kept until the connection is back. Bounded and compacted:
 * only the latest operation per key is kept; a pattern drops queued keys it matches; a clear drops
 * everything queued before it. When more than `limit` entries would be kept, the queue collapses
 * into a single clear, which invalidates a superset of what was lost.
 *
 * Replayed in an order that gives the same end state: clear, then patterns, then keys. Each
 * message keeps the version it was published with, however late it is finally sent.
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
  #clearVersion: number | undefined;
  #patterns = new Map<string, number | undefined>();
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
        this.#clearAll(message.version);
        return;
      case 'pattern': {
        const matches = compileGlob(message.pattern);
        for (const key of this.#keys.keys()) if (matches.test(key)) this.#keys.delete(key);
        this.#patterns.delete(message.pattern);
        this.#patterns.set(message.pattern, message.version);
        break;
      }
      case 'remove':
        for (const key of message.keys) {
          this.#keys.delete(key);
          this.#keys.set(key, { type: 'remove', version: message.version });
        }
        break;
      case 'expire':
        for (const key of message.keys) {
          this.#keys.delete(key);
          this.#keys.set(key, { type: 'expire', version: message.version });
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
      this.#clearAll(message.version);
    }
  }

  /** Empties the queue and returns the messages to send, in order. */
  drain(): InvalidationMessage[] {
    const messages: InvalidationMessage[] = [];
    if (this.#clear) messages.push(withVersion({ type: 'clear' }, this.#clearVersion));
    for (const [pattern, version] of this.#patterns) {
      messages.push(withVersion({ type: 'pattern', pattern }, version));
    }
    messages.push(...this.#groups);
    let removes: string[] = [];
    let removeVersion: number | undefined;
    const flushRemoves = () => {
      if (removes.length > 0)
        messages.push(withVersion({ type: 'remove', keys: removes }, removeVersion));
      removes = [];
    };
    for (const [key, entry] of this.#keys) {
      if (entry.type === 'remove') {
        // One message per run of removes taken at the same version.
        if (entry.version !== removeVersion) flushRemoves();
        removeVersion = entry.version;
        removes.push(key);
        continue;
      }
      flushRemoves();
      messages.push(
        entry.type === 'expire'
          ? withVersion({ type: 'expire', keys: [key] }, entry.version)
          : entry,
      );
    }
    flushRemoves();
    this.#clear = false;
    this.#clearVersion = undefined;
    this.#patterns = new Map();
    this.#keys = new Map();
    this.#groups = [];
    return messages;
  }

  #clearAll(version: number | undefined): void {
    this.#clear = true;
    // A clear made of an overflow covers everything queued: it takes the newest version given.
    if (
      version !== undefined &&
      !(this.#clearVersion !== undefined && this.#clearVersion > version)
    ) {
      this.#clearVersion = version;
    }
    this.#patterns.clear();
    this.#keys.clear();
    this.#groups = [];
  }
}

function withVersion(
  message: InvalidationMessage,
  version: number | undefined,
): InvalidationMessage {
  return version === undefined ? message : { ...message, version };
}
