/**
 * Polls `condition` until it returns true (or a truthy promise), failing with `description` after
 * `timeoutMs`. The suites wait for conditions instead of sleeping fixed times.
 *
 * @example
 * ```ts
 * await waitFor(async () => (await store.get('k')) === undefined, 'key expired', 5000);
 * ```
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
