/** The logical step: 2⁻¹⁰ ms, exact in a double for any date before the year 2100. */
const STEP = 1 / 1024;

/**
 * A hybrid logical clock: the wall clock in milliseconds, never going back, one logical step past
 * the last value taken or seen. Versions taken on one instance strictly increase; a version taken
 * after a message was received is greater than that message's. Between instances whose clocks
 * agree, it orders operations as they happened.
 *
 * @example
 * ```ts
 * const clock = new HybridClock();
 * const version = clock.next();
 * clock.observe(receivedVersion);
 * ```
 */
export class HybridClock {
  #last = 0;

  next(): number {
    const wall = Date.now();
    this.#last = wall > this.#last ? wall : this.#last + STEP;
    return this.#last;
  }

  /** Merges a version another instance took, so what this one takes next comes after it. */
  observe(version: number): void {
    if (version > this.#last) this.#last = version;
  }
}
