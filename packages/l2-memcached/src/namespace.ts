import { CacheError } from '@multi-tier-cache/core';
import { ServerGeneration } from './server-generation.js';
import type { ServerSet } from './server-set.js';

/**
 * The generation of a store's prefix, the way `clear()` works on servers that cannot list keys:
 * every wire key is `<prefix><generation><tail>`, and `clear()` writes a new random generation, so
 * every older key becomes unreachable and expires or is evicted on its own. Nothing outside the
 * prefix is touched.
 *
 * Each server keeps its own generation (under `<prefix>@gen`, on that server), and a key uses the
 * generation of the server that holds it. So removing, adding or restarting one server loses at
 * most that server's keys, never every key of the prefix; `clear()` writes a new generation on
 * every server.
 *
 * @example
 * ```ts
 * const namespace = new Namespace(servers, 'app:', 1000);
 * namespace.of(0).known(); // the generation of the first server, when known
 * await namespace.bump(); // clear()
 * ```
 */
export class Namespace {
  readonly key: string;
  readonly #servers: ServerSet;
  readonly #generations: readonly ServerGeneration[];

  constructor(servers: ServerSet, prefix: string, refreshMs: number) {
    this.key = `${prefix}@gen`;
    this.#servers = servers;
    this.#generations = servers.pools.map(
      (pool) => new ServerGeneration(pool, this.key, refreshMs),
    );
  }

  /** The generation of `servers.pools[server]`. */
  of(server: number): ServerGeneration {
    return this.#generations[server]!;
  }

  /**
   * Writes a new generation on every server. Rejects, naming them, if some could not be reached:
   * their keys stay unreachable to this instance until a later bump reaches them (tried before
   * this instance's next command to that server), while other instances may read them again when
   * those servers come back, so call `clear()` again.
   */
  async bump(): Promise<void> {
    const results = await Promise.allSettled(
      this.#generations.map((generation) => generation.bump()),
    );
    const failed = results.flatMap((result, index) =>
      result.status === 'rejected' ? [index] : [],
    );
    if (failed.length === 0) return;
    const addresses = failed.map((index) => this.#servers.pools[index]!.address).join(', ');
    throw new CacheError(
      'tier-failure',
      `clear() did not reach memcached at ${addresses}; the keys there were not cleared for other instances: call clear() again once it answers`,
      { cause: (results[failed[0]!] as PromiseRejectedResult).reason },
    );
  }
}
