import type { PendingWork, PendingWorkMap } from './pending-work.js';

/**
 * One key of a batch call registered as work under way, so that single-key callers (and other
 * batches) join it instead of reading or computing it again. The batch settles it itself.
 */
export interface BatchSlot {
  readonly key: string;
  readonly work: PendingWork<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Registers `key` in `owner` as work the caller settles through the returned slot. */
export function startSlot(owner: PendingWorkMap<unknown>, key: string): BatchSlot {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const work = owner.start(
    key,
    () =>
      new Promise<unknown>((settleValue, settleError) => {
        resolve = settleValue;
        reject = settleError;
      }),
  );
  return { key, work, resolve, reject };
}

/**
 * Waits for every key of a batch, then resolves to `results` or rejects with the first error in
 * key order: the call settles only once each key is counted and settled, never half-way.
 */
export async function settleAll(
  waits: readonly Promise<void>[],
  results: unknown[],
): Promise<unknown[]> {
  const outcomes = await Promise.allSettled(waits);
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return results;
}
