import type { CacheEvents } from './cache-events.js';
import type { CacheState } from './cache-state.js';

/**
 * Callers waiting for another instance's value, per key, woken when a message from another
 * instance names their key: the holder's write publishes a `remove` of it, as a `set` does. The
 * registry listens to the cache's `invalidation` events only while someone waits, so a cache with
 * no waiter pays nothing per message.
 */
export class LockWaiters {
  readonly #state: CacheState;
  readonly #byKey = new Map<string, Set<() => void>>();
  #unlisten: (() => void) | undefined;

  constructor(state: CacheState) {
    this.#state = state;
  }

  /** Resolves after `ms`, or sooner when a message from another instance names one of `keys`. */
  sleep(keys: string | readonly string[], ms: number): Promise<void> {
    const list = typeof keys === 'string' ? [keys] : keys;
    return new Promise((resolve) => {
      let woken = false;
      const wake = (): void => {
        if (woken) return;
        woken = true;
        clearTimeout(timer);
        for (const key of list) this.#forget(key, wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      for (const key of list) {
        let wakers = this.#byKey.get(key);
        if (wakers === undefined) {
          wakers = new Set();
          this.#byKey.set(key, wakers);
        }
        wakers.add(wake);
      }
      this.#unlisten ??= this.#state.events.on('invalidation', (event) => this.#onMessage(event));
    });
  }

  #onMessage({ message, origin }: CacheEvents['invalidation']): void {
    if (origin !== 'remote') return;
    if (message.type === 'remove') for (const key of message.keys) this.#wake(key);
    else if (message.type === 'update') this.#wake(message.key);
    // A pattern or a clear may name any key: every waiter looks again.
    else for (const key of [...this.#byKey.keys()]) this.#wake(key);
  }

  #wake(key: string): void {
    const wakers = this.#byKey.get(key);
    if (wakers !== undefined) for (const wake of [...wakers]) wake();
  }

  #forget(key: string, wake: () => void): void {
    const wakers = this.#byKey.get(key);
    wakers?.delete(wake);
    if (wakers?.size === 0) this.#byKey.delete(key);
    if (this.#byKey.size === 0) {
      this.#unlisten?.();
      this.#unlisten = undefined;
    }
  }
}

const registries = new WeakMap<CacheState, LockWaiters>();

/** The waiters of one cache, created with its first waiter. */
export function lockWaiters(state: CacheState): LockWaiters {
  let waiters = registries.get(state);
  if (waiters === undefined) {
    waiters = new LockWaiters(state);
    registries.set(state, waiters);
  }
  return waiters;
}

/** Whether other instances announce their writes on a bus, so a waiter can sleep until then. */
export function writesAnnounced(state: CacheState): boolean {
  return state.bus !== undefined && state.broadcastSets;
}
