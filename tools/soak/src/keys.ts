/** The key space: groups of keys, one lock per group, so pattern invalidations cover a group. */
export const GROUPS = 5;
export const KEYS_PER_GROUP = 10;
/** Store prefix every worker and the checker use. */
export const PREFIX = 'soak:';

export function keyOf(group: number, index: number): string {
  return `g${group}:k${index}`;
}

export function groupOf(key: string): number {
  return Number(key.slice(1, key.indexOf(':')));
}

export function allKeys(): string[] {
  const keys: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    for (let index = 0; index < KEYS_PER_GROUP; index++) keys.push(keyOf(group, index));
  }
  return keys;
}
