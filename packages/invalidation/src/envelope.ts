import type { InvalidationMessage } from '@multi-tier-cache/core';

/**
 * One message on the wire: what core asked to send, plus who sent it and when.
 *
 * @example
 * ```ts
 * const envelope: Envelope = {
 *   instanceId: 'api-1',
 *   timestamp: Date.now(),
 *   message: { type: 'remove', keys: ['user:1'] },
 * };
 * ```
 */
export interface Envelope {
  /** The sender's instance id; empty when the format carries none (the Rust crate's JSON). */
  readonly instanceId: string;
  /** Milliseconds since the epoch at the sender, when it encoded the message. */
  readonly timestamp: number;
  readonly message: InvalidationMessage;
  /**
   * Set when the payload was an update whose value is in no encoding the codec reads: `message`
   * is then a remove of its key, so no stale copy survives and nothing unreadable is stored.
   */
  readonly unreadableValue?: boolean;
}

/**
 * Why an incoming payload was dropped.
 *
 * @example
 * ```ts
 * redisBus({ transport, onDrop: (reason: DropReason) => metrics.increment(`bus.dropped.${reason}`) });
 * ```
 */
export type DropReason =
  | 'own'
  | 'malformed'
  | 'badSignature'
  | 'patternTooLong'
  | 'unknownValueEncoding'
  /** An update older than a write this instance already holds for its key (a late delivery). */
  | 'outOfOrder';

/**
 * Limits applied to untrusted payloads before anything is allocated for them.
 *
 * @example
 * ```ts
 * const limits: DecodeLimits = { maxBytes: 1 << 20, maxKeys: 1000 };
 * ```
 */
export interface DecodeLimits {
  /** Payloads larger than this are dropped as malformed. @default 16 MiB */
  readonly maxBytes?: number;
  /** Remove messages with more keys than this are dropped as malformed. @default 100000 */
  readonly maxKeys?: number;
  /**
   * Longest glob a pattern message, namespace prefix or tag may carry, in bytes of UTF-8. Longer
   * ones are refused on publish and dropped (counted as `patternTooLong`) on receipt.
   * @default 1024
   */
  readonly maxPatternBytes?: number;
}

/**
 * Default {@link DecodeLimits}.
 *
 * @example
 * ```ts
 * binaryCodec({ ...DEFAULT_LIMITS, maxKeys: 1000 });
 * ```
 */
export const DEFAULT_LIMITS: Required<DecodeLimits> = {
  maxBytes: 16 * 1024 * 1024,
  maxKeys: 100_000,
  maxPatternBytes: 1024,
};

/**
 * Turns envelopes into payloads and back. `decode` never throws: anything it cannot read is
 * `undefined`, which the bus counts as malformed.
 *
 * @example
 * ```ts
 * const codec = binaryCodec();
 * const envelope = codec.decode(codec.encode(sent));
 * ```
 */
export interface Codec {
  readonly name: string;
  encode(envelope: Envelope): Buffer;
  decode(payload: Buffer): Envelope | undefined;
}
