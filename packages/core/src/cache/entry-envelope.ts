import { CacheError } from '../errors.js';

/**
 * What the cache keeps beside a value that has a grace period or tags: how long it is fresh, how
 * long it is kept stale after that, when it was written (the writer's clock) and its tags.
 *
 * @example
 * ```ts
 * const meta: EntryMeta = { freshMs: 60_000, graceMs: 3_600_000, writtenAt: Date.now(), tags: [] };
 * ```
 */
export interface EntryMeta {
  /** How long the value is fresh after `writtenAt`, in milliseconds. */
  readonly freshMs: number;
  /** How long a stale value is kept after `freshMs`, in milliseconds. */
  readonly graceMs: number;
  /** When the value was written, in `Date.now()` milliseconds of the writer. */
  readonly writtenAt: number;
  readonly tags: readonly string[];
}

/** `\0mte`: no JSON text, MessagePack map or plain UTF-8 value starts with a NUL byte then "mte". */
const MAGIC = [0x00, 0x6d, 0x74, 0x65] as const;
const VERSION = 1;
/** Magic, version, three float64 and the tag count. */
const FIXED_BYTES = MAGIC.length + 1 + 3 * 8 + 2;
const MAX_TAGS = 0xffff;
const MAX_TAG_BYTES = 0xffff;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Prefixes a value's bytes with its {@link EntryMeta} (big-endian): the magic `\0mte`, a version
 * byte, `freshMs`, `graceMs` and `writtenAt` as float64, a uint16 tag count, then each tag as a
 * uint16 byte length and its UTF-8, then the value's bytes unchanged.
 *
 * @example
 * ```ts
 * const stored = wrapEntryBytes(bytes, { freshMs: 60_000, graceMs: 3_600_000, writtenAt: Date.now(), tags: [] });
 * ```
 */
export function wrapEntryBytes(bytes: Uint8Array, meta: EntryMeta): Uint8Array {
  if (meta.tags.length > MAX_TAGS) {
    throw new CacheError(
      'invalid-value',
      `an entry holds at most ${MAX_TAGS} tags, got ${meta.tags.length}: use fewer tags`,
    );
  }
  const tags = meta.tags.map((tag) => encoder.encode(tag));
  let size = FIXED_BYTES + bytes.byteLength;
  for (const tag of tags) {
    if (tag.byteLength > MAX_TAG_BYTES) {
      throw new CacheError(
        'invalid-value',
        `a tag is ${tag.byteLength} bytes; at most ${MAX_TAG_BYTES} are allowed: shorten it`,
      );
    }
    size += 2 + tag.byteLength;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  view.setFloat64(5, meta.freshMs);
  view.setFloat64(13, meta.graceMs);
  view.setFloat64(21, meta.writtenAt);
  view.setUint16(29, tags.length);
  let offset = FIXED_BYTES;
  for (const tag of tags) {
    view.setUint16(offset, tag.byteLength);
    out.set(tag, offset + 2);
    offset += 2 + tag.byteLength;
  }
  out.set(bytes, offset);
  return out;
}

/**
 * Splits bytes read from a shared tier into the value's bytes and its {@link EntryMeta}. Bytes
 * without the magic (written without grace or tags, by an older version or by another writer)
 * come back unchanged with `meta` undefined. A damaged header after the magic throws
 * `CacheError('invalid-entry')`, which the read path counts as a miss.
 *
 * @example
 * ```ts
 * const { bytes, meta } = unwrapEntryBytes(entry.value);
 * ```
 */
export function unwrapEntryBytes(bytes: Uint8Array): {
  bytes: Uint8Array;
  meta: EntryMeta | undefined;
} {
  if (!hasMagic(bytes)) return { bytes, meta: undefined };
  if (bytes.byteLength < FIXED_BYTES) throw damaged('is shorter than its header');
  if (bytes[4] !== VERSION) throw damaged(`has unknown version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const freshMs = view.getFloat64(5);
  const graceMs = view.getFloat64(13);
  const writtenAt = view.getFloat64(21);
  if (!validDuration(freshMs) || !validDuration(graceMs) || !Number.isFinite(writtenAt)) {
    throw damaged('has invalid durations');
  }
  const count = view.getUint16(29);
  const tags: string[] = [];
  let offset = FIXED_BYTES;
  for (let index = 0; index < count; index++) {
    if (offset + 2 > bytes.byteLength) throw damaged('ends inside its tags');
    const length = view.getUint16(offset);
    const end = offset + 2 + length;
    if (end > bytes.byteLength) throw damaged('ends inside its tags');
    try {
      tags.push(decoder.decode(bytes.subarray(offset + 2, end)));
    } catch {
      throw damaged('has a tag that is not UTF-8');
    }
    offset = end;
  }
  return { bytes: bytes.subarray(offset), meta: { freshMs, graceMs, writtenAt, tags } };
}

/** Whether bytes read from a shared tier start with the envelope (grace or tags), checked cheaply. */
export function hasMagic(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= MAGIC.length &&
    bytes[0] === MAGIC[0] &&
    bytes[1] === MAGIC[1] &&
    bytes[2] === MAGIC[2] &&
    bytes[3] === MAGIC[3]
  );
}

function validDuration(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0;
}

function damaged(what: string): CacheError {
  return new CacheError(
    'invalid-entry',
    `a cached entry's header ${what}: it was not written by this cache version; delete the key or let it expire`,
  );
}
