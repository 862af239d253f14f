import { parseTtl, type Ttl } from '../ttl.js';
import type { ComputeContext } from './cache-options.js';
import type { EntryMeta } from './entry-envelope.js';
import { computeStart } from './fence-write.js';
import { graceArgument } from './grace-settings.js';
import { graceMeta } from './l1-write.js';
import { taggedMeta } from './tag-meta.js';
import { tagList } from './tag-names.js';

/**
 * The context one computation receives: it starts with the call's TTL and grace, and the
 * computation may change both or skip caching its result.
 */
export class FactoryContext implements ComputeContext {
  readonly key: string;
  readonly stale: unknown;
  readonly signal: AbortSignal;
  ttlMs: number;
  graceMs: number;
  skipped = false;
  /** The value's tags: the call's, plus those the computation sets. */
  tags: readonly string[] | undefined;
  /** When the computation started: a shared tier holding anything newer refuses its value. */
  readonly startedAt = computeStart();

  constructor(
    key: string,
    stale: unknown,
    signal: AbortSignal,
    ttlMs: number,
    graceMs: number,
    tags?: readonly string[],
  ) {
    this.key = key;
    this.tags = tags;
    this.stale = stale;
    this.signal = signal;
    this.ttlMs = ttlMs;
    this.graceMs = graceMs;
  }

  setTtl(ttl: Ttl): void {
    this.ttlMs = parseTtl(ttl);
  }

  setGrace(grace: Ttl | 0): void {
    this.graceMs = graceArgument(grace, 0);
  }

  skip(): void {
    this.skipped = true;
  }

  setTags(tags: string | readonly string[]): void {
    const list = tagList(tags);
    if (list === undefined) return;
    this.tags = this.tags === undefined ? list : [...new Set([...this.tags, ...list])];
  }

  /** The envelope of the computed value (grace, tags), `undefined` when it has neither. */
  meta(): EntryMeta | undefined {
    return graceMeta(this.ttlMs, this.graceMs, taggedMeta(this.tags, this.ttlMs, this.startedAt));
  }
}
