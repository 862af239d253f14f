import type { EntryMeta } from './entry-envelope.js';

/**
 * What L1 holds for an entry with a grace period or tags: the live value, when it stops being
 * fresh (`Date.now()` milliseconds), and its {@link EntryMeta}. L1 keeps it for TTL + grace; a
 * read past `freshUntil` sees a stale value. Entries without grace or tags are held as plain
 * values, so their hit path stays one lookup.
 *
 * @example
 * ```ts
 * const entry = new L1Entry(user, Date.now() + 60_000, meta);
 * if (entry.freshUntil <= Date.now()) refresh();
 * ```
 */
export class L1Entry {
  /**
   * Until when (`Date.now()` ms) `getOrCompute` serves this stale value without computing again,
   * after a computation failed (the grace backoff). 0 when no backoff runs.
   */
  retryAt = 0;

  constructor(
    readonly value: unknown,
    readonly freshUntil: number,
    readonly meta: EntryMeta,
  ) {}
}
