import type { L2Entry } from '../stores/l2-store.js';
import { type PatternEntry, PatternRecord } from './pattern-record.js';

/** The key under which a tier without `deleteMatching` shares its pattern record. */
const RECORD_KEY = '\u0000mtc:pattern-record';

/** Most patterns a record keeps (past it the tier is cleared instead). */
const MAX_ENTRIES = 256;

/** The store calls the sharing needs, under the tier's timeout and breaker. */
export interface PatternRecordIo {
  get(key: string): Promise<L2Entry | undefined>;
  set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void>;
  clear(): Promise<void>;
}

/**
 * A {@link PatternRecord} shared by every instance through the tier it protects (one small key):
 * a pattern invalidation is merged into the shared copy (read, merge, write, read back, again when
 * another instance's write replaced it meanwhile); reads wait for the shared copy the first time
 * and re-read it in the background every `refreshMs`, so another instance's pattern invalidation
 * hides this tier's older entries here within `refreshMs`.
 *
 * @example
 * ```ts
 * const shared = new SharedPatternRecord(3_600_000, 100, 1000, io);
 * shared.whenFresh(() => read(key, (entry) => shared.hides(key, entry.writtenAt)));
 * ```
 */
export class SharedPatternRecord {
  readonly #record: PatternRecord;
  readonly #refreshMs: number;
  readonly #io: PatternRecordIo;
  #readAt = 0;
  #reading: Promise<void> | undefined;

  constructor(memoryMs: number, skewMs: number, refreshMs: number, io: PatternRecordIo) {
    this.#record = new PatternRecord(MAX_ENTRIES, memoryMs, skewMs);
    this.#refreshMs = refreshMs;
    this.#io = io;
  }

  /** Whether an entry of `key` written at `writtenAt` predates a matching pattern invalidation. */
  hides(key: string, writtenAt: number | undefined): boolean {
    return !this.#record.empty && this.#record.hides(key, writtenAt);
  }

  /**
   * Whether a value of `key` computed from a read made at `since` predates a matching pattern
   * invalidation, made on any instance: the shared copy is read first (a failed read checks the
   * local one), so a computation that started before another instance's pattern invalidation
   * writes nothing, even before this instance refreshed its copy.
   */
  async fences(key: string, since: number): Promise<boolean> {
    await this.#read();
    return this.hides(key, since);
  }

  /** Runs `run` once the record is fresh enough (only the first call waits for the tier). */
  whenFresh(run: () => void): void {
    if (Date.now() - this.#readAt <= this.#refreshMs) {
      run();
      return;
    }
    if (this.#reading === undefined) {
      this.#reading = this.#read().finally(() => {
        this.#readAt = Date.now();
        this.#reading = undefined;
      });
    }
    if (this.#readAt === 0) this.#reading.then(run, run);
    else run();
  }

  /**
   * Records a pattern invalidation another instance made, as this one heard of it (its bus
   * message), without waiting for the shared copy: the shared copy is read only every `refreshMs`,
   * and until then this tier's older entries would be promoted again into L1, after the message
   * removed them there. `at` is when it was heard, so it also hides entries written between the
   * invalidation and its message (a miss, never a stale value). A full record is left as it is:
   * the instance that made the invalidation clears the tier instead.
   */
  note(glob: string, at: number): void {
    this.#record.add(glob, at);
  }

  /**
   * Records a pattern invalidation made now and shares it. A full record clears the tier's prefix
   * instead (every recorded pattern is then moot).
   */
  async add(glob: string): Promise<void> {
    const record = this.#record;
    if (!record.add(glob, Date.now())) {
      await this.#io.clear();
      record.reset();
      return;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.#read();
      await this.#io.set(RECORD_KEY, record.encode(), record.memoryMs);
      const shared = await this.#io.get(RECORD_KEY);
      if (decode(shared).some(([sharedGlob]) => sharedGlob === glob)) return;
    }
  }

  /** Merges the record other instances shared; a failed read leaves the local one as it is. */
  async #read(): Promise<void> {
    const shared = await this.#io.get(RECORD_KEY).then(undefined, () => undefined);
    this.#record.merge(decode(shared));
  }
}

function decode(entry: L2Entry | undefined): PatternEntry[] {
  return entry === undefined ? [] : PatternRecord.decode(entry.value, MAX_ENTRIES);
}
