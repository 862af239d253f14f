import { randomBytes } from 'node:crypto';
import { CacheError } from '@multi-tier-cache/core';
import type { ConnectionPool } from './connection-pool.js';
import { MAX_GENERATION_CHARS } from './key-codec.js';
import { metaGet, metaSet } from './meta-commands.js';

interface Waiter {
  readonly run: (generation: string) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * The namespace generation of one store prefix on one server, kept on that server under
 * `<prefix>@gen`: the keys a server holds carry the generation that server holds, so losing or
 * restarting a server touches only its own keys.
 *
 * The generation is read once, then re-read in the background at most every `refreshMs` (reads
 * never wait for that). Commands made while it is unknown wait in a queue and are sent in the
 * order they were made, all at once when it arrives, so that the namespace lookup never reorders
 * two commands for one key. If the key is gone (a restart, an eviction), the first instance to
 * notice puts back the generation it uses. A `bump` (part of `clear()`) that fails leaves the
 * server marked: until a later bump succeeds, commands for it wait for that bump instead of
 * using the old generation.
 *
 * @example
 * ```ts
 * const generation = new ServerGeneration(pool, 'app:@gen', 1000);
 * generation.known() ?? generation.whenKnown((value) => send(value), reject);
 * await generation.bump();
 * ```
 */
export class ServerGeneration {
  readonly #pool: ConnectionPool;
  readonly #key: string;
  readonly #refreshMs: number;
  #generation: string | undefined;
  #readAt = 0;
  #reading = false;
  #waiters: Waiter[] = [];
  /** A bump of this server failed: the old generation must not be used until one succeeds. */
  #mustBump = false;
  /** Counts bumps, so that a read which raced with a bump cannot bring the old generation back. */
  #bumps = 0;

  constructor(pool: ConnectionPool, key: string, refreshMs: number) {
    this.#pool = pool;
    this.#key = key;
    this.#refreshMs = refreshMs;
  }

  /** The generation when it can be used at once (refreshed in the background when due). */
  known(): string | undefined {
    const generation = this.#generation;
    // Queued commands go first: a command made now must not overtake them.
    if (generation === undefined || this.#mustBump || this.#waiters.length > 0) return undefined;
    if (!this.#reading && Date.now() - this.#readAt >= this.#refreshMs) this.#refresh();
    return generation;
  }

  /** Calls `run` with the generation once it is known, after the commands queued before it. */
  whenKnown(run: (generation: string) => void, fail: (error: unknown) => void): void {
    const generation = this.known();
    if (generation !== undefined) {
      run(generation);
      return;
    }
    this.#waiters.push({ run, fail });
    if (!this.#reading) this.#refresh();
  }

  /** Writes a new generation on this server: every key it holds becomes unreachable. */
  async bump(): Promise<void> {
    const generation = newGeneration();
    try {
      const reply = await this.#pool.send(metaSet(this.#key, Buffer.from(generation), 0));
      if (reply.code !== 'HD') throw unexpected('set the generation', reply.code, reply.flags);
    } catch (error) {
      this.#mustBump = true;
      throw error;
    }
    this.#bumps++;
    this.#mustBump = false;
    this.#adopt(generation);
    this.#release(generation);
  }

  #refresh(): void {
    this.#reading = true;
    // Whatever happens, wait a full interval before reading again.
    this.#readAt = Date.now();
    const work = this.#mustBump ? this.bump().then(() => this.#generation!) : this.#fetch();
    work.then(
      (generation) => {
        this.#reading = false;
        if (!this.#mustBump) this.#release(generation);
      },
      (error: unknown) => {
        this.#reading = false;
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const waiter of waiters) waiter.fail(error);
      },
    );
  }

  /** Sends the queued commands, in the order they were made. */
  #release(generation: string): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const waiter of waiters) {
      try {
        waiter.run(generation);
      } catch (error) {
        waiter.fail(error);
      }
    }
  }

  async #fetch(): Promise<string> {
    const bumps = this.#bumps;
    const adopt = (generation: string) =>
      bumps === this.#bumps || this.#generation === undefined
        ? this.#adopt(generation)
        : this.#generation;
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.#pool.send(metaGet(this.#key));
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
      const added = await this.#pool.send(metaSet(this.#key, Buffer.from(generation), 0, mode));
      if (added.code === 'HD') return adopt(generation);
      if (added.code !== 'NS') throw unexpected('create the generation', added.code, added.flags);
      // Another instance created it first: read theirs.
    }
    throw new CacheError(
      'tier-failure',
      `could not agree on the generation in ${this.#key} on memcached at ${this.#pool.address}`,
    );
  }

  #adopt(generation: string): string {
    this.#generation = generation;
    this.#readAt = Date.now();
    return generation;
  }
}

/** 9 to 10 base-36 characters: never `:`, `#` or `@`, so wire-key forms stay apart. */
function newGeneration(): string {
  return randomBytes(6).readUIntBE(0, 6).toString(36);
}

function isGeneration(value: Uint8Array): boolean {
  if (value.length === 0 || value.length > MAX_GENERATION_CHARS) return false;
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
