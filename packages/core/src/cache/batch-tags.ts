import type { SetManyEntry } from './batch-arguments.js';
import type { EntryMeta } from './entry-envelope.js';
import { taggedMeta } from './tag-meta.js';
import { tagList } from './tag-names.js';

/**
 * One entry of `setMany`, with its own tags.
 *
 * @example
 * ```ts
 * await cache.setMany([{ key: 'page:1', value: page, tags: ['product:7'] }]);
 * ```
 */
export interface TaggedSetManyEntry extends SetManyEntry {
  /** Tags of this entry: `deleteByTag` of any of them invalidates it everywhere. @default none */
  readonly tags?: string | readonly string[];
}

/**
 * The envelope of a `setMany` entry (its tags checked), or `undefined` when it has none. Throws
 * `CacheError('invalid-key')` for a bad tag, as `set` does.
 */
export function setManyEntryMeta(entry: unknown, ttlMs: number): EntryMeta | undefined {
  const tags = (entry as TaggedSetManyEntry).tags;
  return tags === undefined ? undefined : taggedMeta(tagList(tags), ttlMs);
}
