import type { InvalidationMessage } from '../bus/invalidation-message.js';

/**
 * The events a cache emits, with their payloads. Nothing is built or emitted for an event nobody
 * listens to.
 *
 * @example
 * ```ts
 * cache.on('promotion', ({ key, from, ttlMs }) => log.debug({ key, from, ttlMs }));
 * ```
 */
export interface CacheEvents {
  hit: { readonly key: string; readonly tier: string };
  miss: { readonly key: string };
  promotion: {
    readonly key: string;
    readonly from: string;
    readonly to: string;
    readonly ttlMs: number;
  };
  error: {
    readonly tier: string;
    readonly operation: string;
    readonly key: string | undefined;
    readonly error: unknown;
  };
  /**
   * A `getOrCompute` caller got a stale value: the computation failed (`error`) or was slow, the
   * key backs off after a failure (`backoff`), or another instance holds its lease and recomputes
   * it (`lock`).
   */
  stale: {
    readonly key: string;
    readonly reason: 'error' | 'timeout' | 'backoff' | 'lock';
    readonly error: unknown;
  };
  /** A computation threw or hit its hard timeout. */
  factoryError: { readonly key: string; readonly error: unknown };
  invalidation: { readonly message: InvalidationMessage; readonly origin: 'local' | 'remote' };
}

/** Name of one {@link CacheEvents} event. */
export type CacheEventName = keyof CacheEvents;

type Listener<E extends CacheEventName> = (payload: CacheEvents[E]) => void;

/**
 * A small typed emitter: `has()` lets hot paths skip building a payload nobody reads, and a
 * throwing listener never breaks the cache operation that emitted.
 *
 * @example
 * ```ts
 * const events = new CacheEventEmitter();
 * const off = events.on('miss', ({ key }) => console.log(key));
 * off();
 * ```
 */
export class CacheEventEmitter {
  readonly #listeners: { [E in CacheEventName]?: Listener<E>[] } = {};

  on<E extends CacheEventName>(event: E, listener: Listener<E>): () => void {
    let list = this.#listeners[event] as Listener<E>[] | undefined;
    if (list === undefined) {
      list = [];
      (this.#listeners as Record<CacheEventName, unknown>)[event] = list;
    }
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index !== -1) list.splice(index, 1);
    };
  }

  has(event: CacheEventName): boolean {
    const list = this.#listeners[event];
    return list !== undefined && list.length > 0;
  }

  emit<E extends CacheEventName>(event: E, payload: CacheEvents[E]): void {
    const list = this.#listeners[event] as Listener<E>[] | undefined;
    if (list === undefined) return;
    for (const listener of list.slice()) {
      try {
        listener(payload);
      } catch {
        // A listener's bug must not fail the cache operation that emitted the event.
      }
    }
  }
}
