/**
 * Runs `test`, then `cleanUp` whatever happened. A cleanup failure fails a passing test, but never
 * hides the error of a failing one.
 */
export async function runThenCleanUp(
  test: () => Promise<void>,
  cleanUp: () => Promise<unknown>[],
): Promise<void> {
  let failure: { error: unknown } | undefined;
  try {
    await test();
  } catch (error) {
    failure = { error };
  }
  const results = await Promise.allSettled(cleanUp());
  if (failure !== undefined) throw failure.error;
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}
