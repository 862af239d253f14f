import type { PendingWrite, WriteRecovery } from './write-recovery.js';

/** The store calls a replay needs, under the tier's timeout and breaker. */
export interface ReplayIo {
  /** Rejects while the tier does not answer. */
  ping(): Promise<unknown>;
  clear(): Promise<void>;
  /** Writes `bytes` unless the tier holds something written after `at`; undefined: not offered. */
  readonly setIfNotNewer:
    | ((key: string, bytes: Uint8Array, ttlMs: number, at: number) => Promise<unknown>)
    | undefined;
  delete(key: string): Promise<unknown>;
}

/**
 * Replays a tier's missed writes ({@link WriteRecovery}) once it answers again: pings it every
 * `probeMs` while anything is pending, and replays at once when any call to it succeeds
 * ({@link kick}). Clear first when one is due, then each key's newest write: a delete as a delete
 * (with tombstone where offered), a write fenced against anything written after it. A store
 * without conditional writes gets a delete instead of the write, since a plain write could land
 * over a newer one made since the tier came back. What fails again waits for the next probe.
 *
 * @example
 * ```ts
 * const replay = new RecoveryReplay(recovery, 500, io);
 * recovery.delete(['user:1']);
 * replay.start();
 * ```
 */
export class RecoveryReplay {
  readonly #recovery: WriteRecovery;
  readonly #probeMs: number;
  readonly #io: ReplayIo;
  #probe: NodeJS.Timeout | undefined;
  #running = false;
  #stopped = false;

  constructor(recovery: WriteRecovery, probeMs: number, io: ReplayIo) {
    this.#recovery = recovery;
    this.#probeMs = probeMs;
    this.#io = io;
  }

  /** Starts probing (once) after a write was recorded. */
  start(): void {
    if (this.#probe !== undefined || this.#stopped) return;
    this.#probe = setInterval(() => {
      if (!this.#running) this.#io.ping().then(() => this.kick(), ignore);
    }, this.#probeMs);
    this.#probe.unref();
  }

  /** The tier answered: replay now unless a replay runs or nothing is pending. */
  kick(): void {
    if (this.#running) return;
    if (!this.#recovery.pending) {
      this.#stopProbe();
      return;
    }
    this.#running = true;
    this.#replay().finally(() => {
      this.#running = false;
      if (!this.#recovery.pending) this.#stopProbe();
    });
  }

  /** Whether a replay runs now (its own calls must not start another). */
  get running(): boolean {
    return this.#running;
  }

  stop(): void {
    this.#stopped = true;
    this.#stopProbe();
  }

  async #replay(): Promise<void> {
    const plan = this.#recovery.take();
    if (plan.clear) {
      try {
        await this.#io.clear();
      } catch {
        this.#recovery.clearDue();
        return;
      }
    }
    await Promise.all(plan.writes.map(([key, write]) => this.#replayOne(key, write)));
  }

  async #replayOne(key: string, write: PendingWrite): Promise<void> {
    const io = this.#io;
    try {
      const remaining = write.kind === 'set' ? write.ttlMs - (Date.now() - write.at) : 0;
      if (write.kind === 'set' && remaining > 0 && io.setIfNotNewer !== undefined) {
        await io.setIfNotNewer(key, write.bytes, remaining, write.at);
      } else {
        await io.delete(key);
      }
    } catch {
      this.#recovery.restore(key, write);
    }
  }

  #stopProbe(): void {
    clearInterval(this.#probe);
    this.#probe = undefined;
  }
}

function ignore(): void {}
