import { randomBytes } from 'node:crypto';
import { CacheError } from '@multi-tier-cache/core';
import { metaGet, metaSet } from './meta-commands.js';
import type { ServerSet } from './server-set.js';

/**
 * The generation of a store's prefix, the way `clear()` works on a server that cannot list keys:
 * every wire key is `<prefix><generation>...`, the generation lives in memcached under
 * `<prefix>@gen`, and `clear()` writes a new random one, so every older key becomes unreachable
 * and expires or is evicted on its own. Nothing outside the prefix is touched.
 *
 * The generation is read once, then re-read in the background at most every `refreshMs`, so
 * another instance's `clear()` reaches this one within about `refreshMs`. If the generation key
 * is gone (a restart, an eviction), the first instance to notice puts back the generation it
 * uses, so a restart does not orphan the entries written since.
 *
 * @example
 * ```ts
 * const namespace = new Namespace(servers, 'app:', 1000);
 * const generation = await namespace.current();
 * await namespace.bump(); // clear()
 * ```
 */
export class Namespace {
  readonly key: string;
  readonly #servers: ServerSet;
  readonly #refreshMs: number;
  #generation: string | undefined;
  #readAt = 0;
  #reading: Promise<string> | undefined;
  /** Counts bumps, so that a read which raced with a bump cannot bring the old generation back. */
  #bumps = 0;

  constructor(servers: ServerSet, prefix: string, refreshMs: number) {
    this.key = `${prefix}@gen`;
    this.#servers = servers;
    this.#refreshMs = refreshMs;
  }

  /** The generation, synchronously when known (refreshed in the background when due). */
  current(): string | Promise<string> {
    const generation = this.#generation;
    if (generation === undefined) return this.#read();
    if (Date.now() - this.#readAt >= this.#refreshMs && this.#reading === undefined) {
      this.#read().catch(() => {});
    }
    return generation;
  }

  /** Writes a new generation: every key written before becomes unreachable. */
  async bump(): Promise<void> {
    const generation = newGeneration();
    const reply = await this.#pool().send(metaSet(this.key, Buffer.from(generation), 0));
    if (reply.code !== 'HD') throw unexpected('set the generation', reply.code, reply.flags);
    this.#bumps++;
    this.#adopt(generation);
  }

  #read(): Promise<string> {
    this.#reading ??= this.#fetchOrCreate().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #fetchOrCreate(): Promise<string> {
    // Whatever happens, wait a full interval before reading again.
    this.#readAt = Date.now();
    const bumps = this.#bumps;
    const adopt = (generation: string) =>
      bumps === this.#bumps || this.#generation === undefined
        ? this.#adopt(generation)
        : this.#generation;
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.#pool().send(metaGet(this.key));
      if (found.code === 'VA' && found.value !== undefined && isGeneration(found.value)) {
        return adopt(Buffer.from(found.value).toString('latin1'));
      }
      if (found.code !== 'EN' && found.code !== 'VA') {
        throw unexpected('read the generation', found.code, found.flags);
      }
      // Absent (the server restarted, or evicted it): put back the one this instance uses, so
      // entries written since the restart stay reachable; a garbled one is replaced.
      const generation =
        found.code === 'EN' ? (this.#generation ?? newGeneration()) : newGeneration();
      const mode = found.code === 'EN' ? 'E' : undefined;
      const added = await this.#pool().send(metaSet(this.key, Buffer.from(generation), 0, mode));
      if (added.code === 'HD') return adopt(generation);
      if (added.code !== 'NS') throw unexpected('create the generation', added.code, added.flags);
      // Another instance created it first: read theirs.
    }
    throw new CacheError('tier-failure', `could not agree on the generation in ${this.key}`);
  }

  #adopt(generation: string): string {
    this.#generation = generation;
    this.#readAt = Date.now();
    return generation;
  }

  #pool() {
    return this.#servers.poolFor(this.key);
  }
}

/** 9 to 10 base-36 characters: never `:`, `#` or `@`, so wire-key forms stay apart. */
function newGeneration(): string {
  return randomBytes(6).readUIntBE(0, 6).toString(36);
}

function isGeneration(value: Uint8Array): boolean {
  if (value.length === 0 || value.length > 16) return false;
  for (const byte of value) {
    if (!((byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 122))) return false;
  }
  return true;
}

function unexpected(action: string, code: string, flags: string): CacheError {
  return new CacheError(
    'tier-failure',
    `memcached answered ${code} ${flags} when asked to ${action}`,
  );
}
