import type { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { LOGGED_PUBLISH, type LogEntry, logEntries } from './replay-frame.js';

const LOGGED_PUBLISH_SHA = createHash('sha1').update(LOGGED_PUBLISH).digest('hex');

type Call = (key: string, args: readonly (string | Buffer)[]) => Promise<unknown>;

/** Entries read per XRANGE while replaying. */
const PAGE = 1000;

/**
 * The invalidation log of `redisBus({ replay })`: a Redis Stream capped with `XADD MAXLEN ~`,
 * written by the same script that publishes, read with XRANGE after a gap.
 *
 * @example
 * ```ts
 * const log = new ReplayLog(call, '{mtc:invalidate}:log', 10_000);
 * const tip = await log.tip();
 * const { reachesBack, entries } = await log.readAfter(tip);
 * ```
 */
export class ReplayLog {
  readonly #call: Call;
  readonly key: string;
  readonly #maxLen: string;

  constructor(call: Call, key: string, maxLen: number) {
    this.#call = call;
    this.key = key;
    this.#maxLen = String(maxLen);
  }

  /**
   * Appends `payload` and publishes it framed with its id, in one round trip: EVALSHA, and EVAL
   * once when the server does not know the script yet (started, restarted or flushed).
   */
  async publish(channel: string, payload: Buffer, sharded: boolean): Promise<void> {
    const args = [
      '1',
      this.key,
      payload,
      this.#maxLen,
      channel,
      sharded ? 'SPUBLISH' : 'PUBLISH',
    ] as const;
    try {
      await this.#call(this.key, ['EVALSHA', LOGGED_PUBLISH_SHA, ...args]);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
      await this.#call(this.key, ['EVAL', LOGGED_PUBLISH, ...args]);
    }
  }

  /**
   * The id of the newest entry. An empty log gets a marker entry first, so that every position
   * an instance remembers is an entry whose later trimming shows that the log no longer reaches it.
   */
  async tip(): Promise<string> {
    const [newest] = logEntries(
      await this.#call(this.key, ['XREVRANGE', this.key, '+', '-', 'COUNT', '1']),
    );
    if (newest !== undefined) return newest.id;
    const id = await this.#call(this.key, [
      'XADD',
      this.key,
      'MAXLEN',
      '~',
      this.#maxLen,
      '*',
      'p',
      '',
    ]);
    return String(id);
  }

  /**
   * The entries after `id`. Trimming removes the oldest entries first, so the log still holds
   * everything after `id` exactly when the entry `id` itself is still there.
   */
  async readAfter(id: string): Promise<{ reachesBack: boolean; entries: LogEntry[] }> {
    const [from] = logEntries(await this.#call(this.key, ['XRANGE', this.key, id, id]));
    if (from === undefined) return { reachesBack: false, entries: [] };
    const entries: LogEntry[] = [];
    let after = id;
    for (;;) {
      const page = logEntries(
        await this.#call(this.key, ['XRANGE', this.key, `(${after}`, '+', 'COUNT', String(PAGE)]),
      );
      entries.push(...page);
      if (page.length < PAGE) return { reachesBack: true, entries };
      after = page[page.length - 1]!.id;
    }
  }
}
