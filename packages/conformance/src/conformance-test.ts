import type { VitestLike } from './vitest-like.js';

/**
 * One named behaviour of a suite. `id` is stable (`l2.ttl.refuses-zero`): skip lists use it, so a
 * title can be reworded without breaking anyone. `ruledOutBy` returns why the implementation's
 * declared capabilities make the test inapplicable, or undefined when it applies.
 *
 * @example
 * ```ts
 * const test: ConformanceTest<{ ok: boolean }> = {
 *   id: 'mine.ok',
 *   name: 'is ok',
 *   run: async ({ ok }) => { if (!ok) throw new Error('not ok'); },
 * };
 * ```
 */
export interface ConformanceTest<Context, Capabilities = unknown> {
  /** Stable identifier used by skip lists; never changes once published. */
  readonly id: string;
  /** The title shown by vitest; may be reworded. */
  readonly name: string;
  readonly run: (context: Context) => Promise<void>;
  /** Per-test timeout in milliseconds, for tests that wait on expiry. */
  readonly timeout?: number;
  readonly ruledOutBy?: (capabilities: Capabilities) => string | undefined;
}

/**
 * Skip list of a suite: test id (`l2.value.one-mib`) → why it does not apply. An exact test title
 * is still accepted in place of the id.
 *
 * @example
 * ```ts
 * const skip: SkipList = { 'l2.value.one-mib': 'the backend caps values at 512 KiB' };
 * ```
 */
export type SkipList = Readonly<Record<string, string>>;

/**
 * Throws when `skip` names a test the suite does not have (by id, or by exact title), so a typo
 * cannot silently run a test the caller meant to skip.
 */
export function assertKnownSkips(
  suite: string,
  tests: readonly { readonly id: string; readonly name: string }[],
  skip: SkipList | undefined,
): void {
  if (skip === undefined) return;
  const known = new Set(tests.flatMap((test) => [test.id, test.name]));
  for (const [entry, reason] of Object.entries(skip)) {
    if (!known.has(entry)) {
      const list = tests.map((test) => test.id).join(', ');
      throw new Error(
        `${suite}: skip names an unknown test "${entry}"; use one of the ids: ${list}`,
      );
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`${suite}: skip "${entry}" needs a reason (a non-empty string)`);
    }
  }
}

/**
 * Registers `tests` with vitest. A test listed in `skip`, or ruled out by `capabilities`, is
 * registered as skipped with the reason in its title; the others run through `execute`, which
 * sets up and tears down the test's context.
 */
export function registerTests<Context, Capabilities>(
  vitest: VitestLike,
  tests: readonly ConformanceTest<Context, Capabilities>[],
  skip: SkipList | undefined,
  capabilities: Capabilities,
  execute: (run: (context: Context) => Promise<void>) => Promise<void>,
): void {
  for (const test of tests) {
    const reason = skip?.[test.id] ?? skip?.[test.name] ?? test.ruledOutBy?.(capabilities);
    if (reason !== undefined) {
      vitest.it.skip(`${test.name} [skipped: ${reason}]`, () => {});
    } else {
      vitest.it(test.name, () => execute(test.run), test.timeout);
    }
  }
}
