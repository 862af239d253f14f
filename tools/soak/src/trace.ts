import type { CacheEvents, MultiTierCache } from '@multi-tier-cache/core';
import { groupOf } from './keys.js';
import type { Truth } from './truth.js';

/**
 * `--trace`: what a worker saw of each key (bus messages with their HLC versions, promotions,
 * its own computations and writes), kept in a short ring per key, printed with the truth's
 * timeline of the key for every stale read L1 answered.
 */
export class KeyTrace {
  readonly #events = new Map<string, string[]>();
  readonly #name: string;

  constructor(name: string, cache: MultiTierCache) {
    this.#name = name;
    cache.on('promotion', ({ key, from, to }) => this.note(key, `promotion ${from} → ${to}`));
    cache.on('invalidation', (event) => this.#message(event));
  }

  note(key: string, what: string): void {
    let ring = this.#events.get(key);
    if (ring === undefined) {
      ring = [];
      this.#events.set(key, ring);
    }
    ring.push(`${Date.now()} ${what}`);
    if (ring.length > 24) ring.shift();
  }

  #message({ message, origin }: CacheEvents['invalidation']): void {
    const version = message.version === undefined ? '' : ` hlc ${message.version.toFixed(3)}`;
    switch (message.type) {
      case 'remove':
      case 'expire':
        for (const key of message.keys) this.note(key, `${origin} ${message.type}${version}`);
        break;
      case 'update':
        this.note(message.key, `${origin} update${version}`);
        break;
      case 'pattern': {
        const group = /^g(\d+):\*$/.exec(message.pattern);
        if (group === null) break;
        for (let index = 0; index < 10; index++) {
          this.note(`g${group[1]}:k${index}`, `${origin} pattern ${message.pattern}${version}`);
        }
        break;
      }
      default:
        break;
    }
  }

  /** The report of one stale read: the key's events here and its resolved writes in the truth. */
  async report(
    truth: Truth,
    key: string,
    got: number,
    expected: number,
    at: number,
  ): Promise<string> {
    const resolved = await truth.redis.zrevrange(`resolved:${key}`, 0, 5, 'WITHSCORES');
    const writes: string[] = [];
    for (let index = 0; index < resolved.length; index += 2) {
      writes.push(`${resolved[index + 1]} v${resolved[index]}`);
    }
    return [
      `TRACE ${this.#name} ${key} (group ${groupOf(key)}): read v${got} from L1 at ${at}, expected v${expected}`,
      `  resolved (newest first): ${writes.join(', ')}`,
      ...(this.#events.get(key) ?? []).map((line) => `  ${line}`),
    ].join('\n');
  }
}
