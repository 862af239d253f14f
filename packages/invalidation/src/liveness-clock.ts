/**
 * The moment up to which this instance has provably heard everything published on the bus: the
 * send time of the latest own message (an invalidation or a heartbeat) whose echo came back, since
 * Redis delivers to a subscriber in the order it ran the PUBLISH commands. Held still from a lost
 * subscription until the gap was handled (cleared or replayed), so a heartbeat echo cannot vouch
 * for messages the gap swallowed.
 */
export class LivenessClock {
  /** `Date.now()` milliseconds; starts at creation, when there is nothing to have missed. */
  confirmedAt = Date.now();
  readonly maxStalenessMs: number;
  #held = false;

  constructor(maxStalenessMs: number) {
    this.maxStalenessMs = maxStalenessMs;
  }

  get stalled(): boolean {
    return Date.now() - this.confirmedAt > this.maxStalenessMs;
  }

  confirm(sentAt: number): void {
    if (!this.#held && sentAt > this.confirmedAt) this.confirmedAt = sentAt;
  }

  hold(): void {
    this.#held = true;
  }

  /**
   * The gap was handled at `handledAt`: L1 cleared, or everything published until then replayed,
   * so L1 is as current as a confirmation at that moment.
   */
  release(handledAt: number): void {
    this.#held = false;
    this.confirm(handledAt);
  }
}
