import type { ComputeContext } from './cache-options.js';
import type { EntryMeta } from './entry-envelope.js';
import { tagClock } from './tag-clock.js';
import { taggedMeta } from './tag-meta.js';
import { tagList } from './tag-names.js';

/** The context a computation gets, collecting the tags it sets. */
export interface TaggingContext extends ComputeContext {
  /** The envelope of the computed value, or `undefined` when it has no tags. */
  meta(ttlMs: number): EntryMeta | undefined;
}

/**
 * A computation's context with `tags` from the options. The value is stamped with the time the
 * computation started, so a `deleteByTag` while it runs (it may have read the old data)
 * invalidates what it writes.
 */
export function taggingContext(key: string, tags: readonly string[] | undefined): TaggingContext {
  const startedAt = tagClock();
  let collected = tags;
  return {
    key,
    setTags(more) {
      const list = tagList(more);
      if (list === undefined) return;
      collected = collected === undefined ? list : [...new Set([...collected, ...list])];
    },
    meta(ttlMs) {
      return taggedMeta(collected, ttlMs, startedAt);
    },
  };
}
