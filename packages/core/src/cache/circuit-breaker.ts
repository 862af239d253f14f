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
  /** How long an open breaker skips the tier before letting calls try again. @default 1000 */
  readonly cooldownMs?: number;
}

/**
 * Stops calling a tier that keeps failing, so that while Redis is down a read costs nothing
 * instead of a full timeout. After the cooldown, calls go through again; one success closes it.
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
  #openUntil = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 1000;
  }

  /** True unless the breaker is open and still cooling down. */
  allows(): boolean {
    return this.#openUntil === 0 || Date.now() >= this.#openUntil;
  }

  get isOpen(): boolean {
    return !this.allows();
  }

  succeeded(): void {
    this.#failures = 0;
    this.#openUntil = 0;
  }

  failed(): void {
    this.#failures++;
    if (this.#failures >= this.#threshold) this.#openUntil = Date.now() + this.#cooldownMs;
  }
}
