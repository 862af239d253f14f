import { CacheError } from '../errors.js';

/**
 * Tag names: what a user may call a tag, where a tag's invalidation time is kept in a shared
 * tier, and the tag every entry written through a namespace carries.
 */

/** Reserved for the cache's own keys and tags; users' tags and namespaces may not start with it. */
export const RESERVED_PREFIX = '__mtc:';
/** Longest tag, in UTF-16 code units. */
const MAX_TAG_LENGTH = 512;
/** Most tags one entry carries. */
const MAX_TAGS = 64;

/** The shared-tier key holding the time `tag` was last invalidated. */
export function tagKey(tag: string): string {
  return `${RESERVED_PREFIX}tag:${tag}`;
}

/** The shared-tier key holding the time `tag` was last expired (`expireByTag`). */
export function expiredTagKey(tag: string): string {
  return `${RESERVED_PREFIX}tag-expired:${tag}`;
}

/** The implicit tag of the namespace whose keys start with `prefix` (such as `users:`). */
export function namespaceTag(prefix: string): string {
  return `${RESERVED_PREFIX}ns:${prefix}`;
}

/**
 * `tags` checked and deduplicated (a string is one tag), or `undefined` for none. Throws
 * `CacheError('invalid-key')` for an empty, reserved or overlong tag, or too many of them.
 */
export function tagList(tags: string | readonly string[] | undefined): string[] | undefined {
  if (tags === undefined) return undefined;
  const list = typeof tags === 'string' ? [tags] : tags;
  if (!Array.isArray(list)) {
    throw new CacheError(
      'invalid-key',
      `tags must be a string or an array of strings, got ${typeof tags}`,
    );
  }
  if (list.length > MAX_TAGS) {
    throw new CacheError(
      'invalid-key',
      `an entry carries at most ${MAX_TAGS} tags, got ${list.length}: use fewer, broader tags`,
    );
  }
  for (const tag of list) assertTag(tag);
  return list.length === 0 ? undefined : [...new Set(list)];
}

function assertTag(tag: unknown): asserts tag is string {
  if (typeof tag !== 'string' || tag.length === 0) {
    throw new CacheError(
      'invalid-key',
      `a tag must be a non-empty string, got ${JSON.stringify(tag) ?? typeof tag}`,
    );
  }
  if (tag.length > MAX_TAG_LENGTH) {
    throw new CacheError(
      'invalid-key',
      `a tag is ${tag.length} characters; at most ${MAX_TAG_LENGTH} are allowed: shorten it`,
    );
  }
  if (tag.startsWith(RESERVED_PREFIX)) {
    throw new CacheError(
      'invalid-key',
      `tag ${JSON.stringify(tag)} starts with "${RESERVED_PREFIX}", which the cache reserves: rename it`,
    );
  }
}
