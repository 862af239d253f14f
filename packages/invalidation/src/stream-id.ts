/**
 * Compares two Redis Stream ids (`<ms>-<seq>`) numerically: negative, zero or positive.
 *
 * @example
 * ```ts
 * compareStreamIds('1700000000000-2', '1700000000000-10'); // < 0
 * ```
 */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
