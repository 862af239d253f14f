import { parseTtl, type Ttl } from '../ttl.js';
import type { ComputeContext } from './cache-options.js';
import { computeStart } from './fence-write.js';
import { graceArgument } from './grace-settings.js';

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
  /** When the computation started: a shared tier holding anything newer refuses its value. */
  readonly startedAt = computeStart();

  constructor(key: string, stale: unknown, signal: AbortSignal, ttlMs: number, graceMs: number) {
    this.key = key;
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
}
