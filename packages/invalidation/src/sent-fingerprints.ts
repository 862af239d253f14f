import type { Buffer } from 'node:buffer';

/**
 * Recognises an instance's own messages when the format carries no instance id (the Rust crate's
 * JSON): every payload sent is remembered for `ttlMs`, and a received payload equal to one still
 * remembered is taken as the echo of it (once per send). Another instance sending byte-identical
 * content in that window is indistinguishable, and dropping it loses nothing: it says the same.
 *
 * @example
 * ```ts
 * const sent = new SentFingerprints(5000);
 * sent.remember(payload);
 * sent.consume(payload); // true: our own echo
 * ```
 */
export class SentFingerprints {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { count: number; expires: number }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  remember(payload: Buffer): void {
    const now = Date.now();
    this.#prune(now);
    const fingerprint = payload.toString('latin1');
    const entry = this.#entries.get(fingerprint);
    if (entry) {
      entry.count++;
      entry.expires = now + this.#ttlMs;
      // Re-insert so the map stays ordered by expiry.
      this.#entries.delete(fingerprint);
      this.#entries.set(fingerprint, entry);
    } else {
      this.#entries.set(fingerprint, { count: 1, expires: now + this.#ttlMs });
    }
  }

  /** True (and forgets one send) when `payload` is the echo of something this instance sent. */
  consume(payload: Buffer): boolean {
    if (this.#entries.size === 0) return false;
    const fingerprint = payload.toString('latin1');
    const entry = this.#entries.get(fingerprint);
    if (entry === undefined || entry.expires < Date.now()) return false;
    if (--entry.count === 0) this.#entries.delete(fingerprint);
    return true;
  }

  /** Forgets every send: after a subscriber gap their echoes are lost and must not stay armed. */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #prune(now: number): void {
    for (const [fingerprint, entry] of this.#entries) {
      if (entry.expires >= now) break;
      this.#entries.delete(fingerprint);
    }
  }
}
