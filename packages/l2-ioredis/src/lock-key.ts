/**
 * The key of `fullKey`'s lease, in the same Cluster hash slot: a key without braces is wrapped
 * as a hash tag (`{mtc:user:1}:lock`), a key with a hash tag keeps it (`mtc:{user}:1:lock`). A
 * key with unmatched braces gets `:lock` appended, which on a Cluster may land in another slot:
 * its lease then fails (counted) and the cache computes without one.
 */
export function lockKey(fullKey: string): string {
  const open = fullKey.indexOf('{');
  const close = fullKey.indexOf('}');
  if (open === -1 && close === -1) return `{${fullKey}}:lock`;
  return `${fullKey}:lock`;
}
