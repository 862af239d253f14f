import type { CacheStrategyValue } from '../strategy.js';
import type { Ttl } from '../ttl.js';
import type { GetOrComputeOptions, SetOptions } from './cache-options.js';
import type { EntryMeta } from './entry-envelope.js';
import { IMPLICIT_TAGS, type WithImplicitTags } from './namespace-tags.js';
import { tagClock } from './tag-clock.js';
import { tagList } from './tag-names.js';

/** The tags of a `set` or `getOrCompute` options argument, checked; `undefined` for none. */
export function tagsOption(
  option: SetOptions | GetOrComputeOptions | CacheStrategyValue | Ttl | undefined,
): string[] | undefined {
  if (typeof option !== 'object' || option === null) return undefined;
  const own = 'tags' in option ? tagList(option.tags) : undefined;
  const implicit = (option as WithImplicitTags<SetOptions>)[IMPLICIT_TAGS];
  if (implicit === undefined) return own;
  return own === undefined ? [...implicit] : [...implicit, ...own];
}

/** The envelope of an entry with `tags` (none: `undefined`, the entry is stored plain). */
export function taggedMeta(
  tags: readonly string[] | undefined,
  ttlMs: number,
  writtenAt: number = tagClock(),
): EntryMeta | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  return { freshMs: ttlMs, graceMs: 0, writtenAt, tags };
}
