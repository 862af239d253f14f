/** How a computation ended for its callers: a value, an error, or their deadline passed first. */
export type FactoryOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Waits for `computation` at most `deadlineMs` (no limit when undefined). The computation itself
 * goes on after the deadline: the caller decides what becomes of it.
 */
export function awaitDeadline<T>(
  computation: Promise<T>,
  deadlineMs: number | undefined,
): Promise<FactoryOutcome<T>> {
  const settled = computation.then(
    (value): FactoryOutcome<T> => ({ kind: 'value', value }),
    (error: unknown): FactoryOutcome<T> => ({ kind: 'error', error }),
  );
  if (deadlineMs === undefined) return settled;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), deadlineMs);
    settled.then((outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    });
  });
}
