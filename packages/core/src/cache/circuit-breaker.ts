import type { BreakerState } from '../diagnostics/event-messages.js';

/**
 * Options of the per-tier circuit breaker.
 *
 * @example
 * ```ts
 * createCache({ l2: [store], breaker: { failureThreshold: 3, cooldownMs: 2000 } });
 * ```
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures (errors or timeouts) that open the breaker. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open breaker skips the tier before letting one probe call through. @default 1000 */
  readonly cooldownMs?: number;
}

/** Told each time the breaker changes state, with the consecutive failures counted then. */
export type BreakerListener = (state: BreakerState, failures: number) => void;

/**
 * Stops calling a tier that keeps failing, so that while Redis is down a read costs nothing
 * instead of a full timeout. After the cooldown it is half-open: exactly one call (the probe)
 * goes through while the others keep skipping; the probe's success closes the breaker, its
 * failure opens it for another cooldown. Time is read from a monotonic clock, so a wall-clock
 * step neither shortens nor stretches a cooldown.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 1000 });
 * if (breaker.allows()) { try { await call(); breaker.succeeded(); } catch { breaker.failed(); } }
 * ```
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #failures = 0;
  /** Monotonic time until which an open breaker skips calls; 0 while closed. */
  #openUntil = 0;
  /** A probe is under way: every other call skips until it reports. */
  #probing = false;
  readonly #onChange: BreakerListener | undefined;

  constructor(options: CircuitBreakerOptions = {}, onChange?: BreakerListener) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 1000;
    this.#onChange = onChange;
  }

  /**
   * True when a call may go through: always while closed; once the cooldown has passed, for the
   * one caller that becomes the probe.
   */
  allows(): boolean {
    if (this.#openUntil === 0) return true;
    if (this.#probing || performance.now() < this.#openUntil) return false;
    this.#probing = true;
    this.#onChange?.('half-open', this.#failures);
    return true;
  }

  /** True while calls are being skipped (open, or half-open with its probe under way). */
  get isOpen(): boolean {
    return this.#openUntil !== 0;
  }

  succeeded(): void {
    this.#failures = 0;
    if (this.#openUntil === 0) return;
    this.#openUntil = 0;
    this.#probing = false;
    this.#onChange?.('closed', 0);
  }

  failed(): void {
    this.#failures++;
    if (this.#probing || this.#failures >= this.#threshold) {
      // Reported from closed or half-open only: calls already under way that fail while it is
      // open extend the cooldown without a new state.
      const changes = this.#openUntil === 0 || this.#probing;
      this.#probing = false;
      this.#openUntil = performance.now() + this.#cooldownMs;
      if (changes) this.#onChange?.('open', this.#failures);
    }
  }
}
