import type { EntryMeta } from './entry-envelope.js';

/** Tags remembered before the oldest is forgotten (its time then raises the floor). */
const MAX_TAGS = 10_000;
/**
 * How far ahead of this clock a tag's time may be: a time from a tier or the bus beyond it
 * (forged, or from a badly wrong clock) is taken as this far ahead, so it cannot turn a tag's
 * entries into misses for years.
 */
const MAX_AHEAD_MS = 60_000;

/** What the tags of an entry say of it: served, stale (`expireByTag`), or gone (`deleteByTag`). */
export type TagVerdict = 'live' | 'expired' | 'invalidated';

interface TagTime {
  /** When the tag was last invalidated (ms since epoch), 0 when never. */
  at: number;
  /** When the tag was last expired (`expireByTag`), 0 when never. */
  expiredAt: number;
  /** The bus epoch it was learned in, or -1 when learned without a live bus. */
  epoch: number;
  /** When it was learned (`Date.now()`). */
  learnedAt: number;
}

/**
 * What one instance knows of tag invalidations: tag → last invalidation time, fed by its own
 * `deleteByTag`, by the bus, and by reading the tags' keys from a shared tier. Bounded: a
 * forgotten tag's time raises a floor that every unknown tag is assumed to have been invalidated
 * at, so forgetting can only cost a miss, never serve an invalidated entry.
 */
export class TagRegistry {
  readonly #times = new Map<string, TagTime>();
  /** The highest time of any forgotten tag: unknown tags count as invalidated then. */
  #floor = 0;
  /** Likewise for expiry times: unknown tags count as expired then. */
  #expiredFloor = 0;
  /** The highest invalidation time known at all; entries written after it need no lookup. */
  #latest = 0;
  /** Bumped when the bus reconnects after a gap: what was learned before may be out of date. */
  #epoch = 0;
  /** The millisecond the bus was last asked whether it is down, and its answer. */
  #busCheckedAt = -1;
  #busDown = false;

  /**
   * Whether the bus is down (messages may be missed), asking `check` at most once per
   * millisecond so that tagged L1 hits stay cheap.
   */
  busDown(check: () => boolean): boolean {
    const now = Date.now();
    if (now !== this.#busCheckedAt) {
      this.#busCheckedAt = now;
      this.#busDown = check();
    }
    return this.#busDown;
  }

  /** Whether an entry with `meta` was invalidated through one of its tags, as far as known here. */
  invalidates(meta: EntryMeta): boolean {
    return this.verdict(meta) === 'invalidated';
  }

  /**
   * What an entry with `meta` is, as far as known here: invalidated when one of its tags was
   * invalidated at or after its write, else expired when one was expired then, else live.
   */
  verdict(meta: EntryMeta): TagVerdict {
    if (meta.writtenAt > this.#latest) return 'live';
    let expired = false;
    for (const tag of meta.tags) {
      const time = this.#times.get(tag);
      if (meta.writtenAt <= (time?.at ?? this.#floor)) return 'invalidated';
      if (meta.writtenAt <= (time?.expiredAt ?? this.#expiredFloor)) expired = true;
    }
    return expired ? 'expired' : 'live';
  }

  /**
   * Whether `tag`'s time is known to be current: learned under a live bus with no gap since
   * (`busLive`), or, without a bus, learned less than `briefMs` ago.
   */
  isCurrent(tag: string, bus: 'live' | 'down' | 'none', briefMs: number): boolean {
    const time = this.#times.get(tag);
    if (time === undefined) return false;
    if (bus === 'live') return time.epoch === this.#epoch;
    return bus === 'none' && Date.now() - time.learnedAt < briefMs;
  }

  /** The current bus epoch, to pass back to {@link record} for what is learned from now on. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Records that `tag` was invalidated at `at` (keeping a later time already known). `epoch` is
   * the bus epoch the time was learned in (taken before a tier read started), or `undefined`
   * when learned without a live bus.
   */
  record(tag: string, at: number, epoch: number | undefined): void {
    this.learn(tag, at, undefined, epoch);
  }

  /** {@link record} for the time `tag` was expired (`expireByTag`). */
  recordExpired(tag: string, expiredAt: number, epoch: number | undefined): void {
    this.learn(tag, undefined, expiredAt, epoch);
  }

  /**
   * Records either or both times of `tag`. An expiry time alone does not make the tag current
   * unless it was already: an invalidation missed before it would otherwise read as a mere
   * expiry (stale, still served as a fallback). An invalidation time alone does, since it
   * supersedes every earlier expiry.
   */
  learn(
    tag: string,
    at: number | undefined,
    expiredAt: number | undefined,
    epoch: number | undefined,
  ): void {
    const known = this.#times.get(tag);
    const now = Date.now();
    const invalidationKnown = at !== undefined;
    const time: TagTime = {
      at: later(at, known?.at, this.#floor),
      expiredAt: later(expiredAt, known?.expiredAt, this.#expiredFloor),
      epoch:
        invalidationKnown || (known !== undefined && known.epoch === epoch) ? (epoch ?? -1) : -1,
      learnedAt: invalidationKnown ? now : (known?.learnedAt ?? Number.NEGATIVE_INFINITY),
    };
    if (known !== undefined) this.#times.delete(tag);
    this.#times.set(tag, time);
    this.#latest = Math.max(this.#latest, time.at, time.expiredAt);
    if (this.#times.size > MAX_TAGS) this.#forgetOldest();
  }

  /** The bus had a gap: nothing learned before is known to be current any more. */
  gap(): void {
    this.#epoch++;
  }

  #forgetOldest(): void {
    const [tag, time] = this.#times.entries().next().value!;
    this.#times.delete(tag);
    if (time.at > this.#floor) this.#floor = time.at;
    if (time.expiredAt > this.#expiredFloor) this.#expiredFloor = time.expiredAt;
  }
}

/**
 * A tag's time after learning `learned` (from a tier or the bus, clamped to [0, now +
 * MAX_AHEAD_MS]) when it was `known`; with nothing learned, what is known, else `floor`.
 */
function later(learned: number | undefined, known: number | undefined, floor: number): number {
  if (learned === undefined) return known ?? floor;
  const at = Math.min(Math.max(learned, 0), Date.now() + MAX_AHEAD_MS);
  return known === undefined ? at : Math.max(at, known);
}
