import { CacheError } from '../errors.js';
import { RESERVED_PREFIX } from './tag-names.js';

/** Longest namespace name, in UTF-16 code units. */
const MAX_NAME_LENGTH = 256;
/** Glob metacharacters: a namespace is cleared with the glob `<prefix>*`, so its name has none. */
const GLOB_CHARACTERS = /[*?[\]\\]/;

/**
 * The key prefix of namespace `name` under `parent` (`''` at the root): `users:` for `users`,
 * `users:admins:` for `admins` under it. Throws `CacheError('invalid-key')` for an empty,
 * overlong or reserved name, or one with glob characters.
 */
export function namespacePrefix(parent: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CacheError(
      'invalid-key',
      `a namespace name must be a non-empty string, got ${JSON.stringify(name) ?? typeof name}`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new CacheError(
      'invalid-key',
      `namespace name is ${name.length} characters; at most ${MAX_NAME_LENGTH} are allowed: shorten it`,
    );
  }
  if (GLOB_CHARACTERS.test(name)) {
    throw new CacheError(
      'invalid-key',
      `namespace name ${JSON.stringify(name)} contains a glob character (* ? [ ] \\): remove it`,
    );
  }
  if (parent === '' && name.startsWith(RESERVED_PREFIX.slice(0, -1))) {
    throw new CacheError(
      'invalid-key',
      `namespace name ${JSON.stringify(name)} starts with "${RESERVED_PREFIX.slice(0, -1)}", which the cache reserves: rename it`,
    );
  }
  return `${parent}${name}:`;
}
