import { Buffer } from 'node:buffer';
import type { InvalidationMessage } from '@multi-tier-cache/core';
import { type Codec, DEFAULT_LIMITS, type DecodeLimits, type Envelope } from './envelope.js';

/** First two bytes of every binary envelope ("MT"), so other traffic on the channel is cheap to reject. */
const MAGIC_0 = 0x4d;
const MAGIC_1 = 0x54;
/**
 * The envelope version this codec writes and reads.
 *
 * @example
 * ```ts
 * payload[2] === ENVELOPE_VERSION; // the third byte of every binary envelope
 * ```
 */
export const ENVELOPE_VERSION = 1;
const HEADER_BYTES = 4;

const OPS = ['remove', 'update', 'pattern', 'clear', 'expire'] as const;
const OP_CODES: Record<KeyOp, number> = {
  remove: 1,
  update: 2,
  pattern: 3,
  clear: 4,
  expire: 5,
};
type KeyOp = (typeof OPS)[number];

// Group invalidations (tags, namespaces): op codes from 16 on, read by their own functions below.
type GroupMessage = Extract<InvalidationMessage, { type: 'tags' | 'namespace' }>;
const GROUP_CODES = { tags: 16, namespace: 17 } as const;
const GROUP_OPS: Readonly<Record<number, GroupMessage['type']>> = {
  16: 'tags',
  17: 'namespace',
  18: 'tags',
};
/** Op of a `tags` message with `mode: 'expire'`: the layout of op 16. */
const EXPIRED_TAGS_CODE = 18;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The compact binary envelope (version 1). Layout, integers big-endian:
 *
 * ```text
 * "M" "T" | version u8 | op u8 | idLen u8 | id utf8 | timestamp f64
 * remove:  count u32 | (len u32 | key utf8) × count
 * update:  len u32 | key utf8 | ttlMs f64 | len u32 | value bytes
 * pattern: len u32 | glob utf8
 * clear:   (nothing)
 * expire:  as remove (op 5)
 * tags (op 16):      at f64 | count u32 | (len u32 | tag utf8) × count
 * namespace (op 17): at f64 | len u32 | prefix utf8
 * expired tags (op 18, `tags` with `mode: 'expire'`): as tags
 * ```
 *
 * Versioning: a new operation is added under the same version with the next op code, since a
 * reader that does not know it drops that message alone (unknown op) and keeps reading the rest;
 * the version changes only when the layout of an existing operation changes. Op 5 (`expire`)
 * was added this way: an older reader drops expire messages and keeps serving its L1 copy until
 * it expires.
 *
 * Tag and namespace messages (ops 16, 17) are new operations within version 1: an instance that
 * predates them drops them, so upgrade every instance before using tags or namespaces across
 * instances. Op 18 (`expireByTag`) was added the same way: an older reader drops it, and its
 * L1 keeps serving the tagged entries as fresh until they expire; its shared-tier reads do not
 * see the expiry either (they do not read the tag's expiry time).
 *
 * Value bytes travel as they are (no base64), and lengths are checked against the bytes left before
 * anything is allocated, so a forged count cannot make the decoder build a huge array.
 *
 * @example
 * ```ts
 * const codec = binaryCodec({ maxKeys: 1000 });
 * const payload = codec.encode({ instanceId: 'a', timestamp: Date.now(), message: { type: 'clear' } });
 * codec.decode(payload)?.message.type; // 'clear'
 * ```
 */
export function binaryCodec(limits: DecodeLimits = {}): Codec {
  const maxBytes = limits.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxKeys = limits.maxKeys ?? DEFAULT_LIMITS.maxKeys;
  return {
    name: 'binary',
    encode: encodeBinary,
    decode: function decodeBinary(payload) {
      if (payload.length > maxBytes) return undefined;
      try {
        return readEnvelope(payload, maxKeys);
      } catch {
        return undefined;
      }
    },
  };
}

function encodeBinary(envelope: Envelope): Buffer {
  const { instanceId, timestamp, message } = envelope;
  if (message.type === 'tags' || message.type === 'namespace') return encodeGroup(envelope);
  const id = Buffer.from(instanceId, 'utf8');
  if (id.length > 255) throw new RangeError('instance id is longer than 255 bytes');
  // Encode the strings first, then write everything into one buffer of the exact size.
  let strings: Buffer[];
  let extra = 0;
  switch (message.type) {
    case 'remove':
    case 'expire':
      strings = message.keys.map((key) => Buffer.from(key, 'utf8'));
      extra = 4;
      break;
    case 'update':
      strings = [Buffer.from(message.key, 'utf8')];
      extra = 8 + 4 + message.value.byteLength;
      break;
    case 'pattern':
      strings = [Buffer.from(message.pattern, 'utf8')];
      break;
    case 'clear':
      strings = [];
      break;
  }
  let size = HEADER_BYTES + 1 + id.length + 8 + extra;
  for (const bytes of strings) size += 4 + bytes.length;
  const out = Buffer.allocUnsafe(size);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = ENVELOPE_VERSION;
  out[3] = OP_CODES[message.type];
  out[4] = id.length;
  id.copy(out, 5);
  let offset = out.writeDoubleBE(timestamp, 5 + id.length);
  if (message.type === 'remove' || message.type === 'expire') {
    offset = out.writeUInt32BE(strings.length, offset);
  }
  for (const bytes of strings) {
    offset = out.writeUInt32BE(bytes.length, offset);
    offset += bytes.copy(out, offset);
  }
  if (message.type === 'update') {
    offset = out.writeDoubleBE(message.ttlMs, offset);
    offset = out.writeUInt32BE(message.value.byteLength, offset);
    out.set(message.value, offset);
  }
  return out;
}

/** Reads one envelope; throws (caught by the codec) on anything out of bounds. */
function readEnvelope(payload: Buffer, maxKeys: number): Envelope | undefined {
  if (payload.length < HEADER_BYTES + 1 + 8) return undefined;
  if (payload[0] !== MAGIC_0 || payload[1] !== MAGIC_1 || payload[2] !== ENVELOPE_VERSION) {
    return undefined;
  }
  const group = GROUP_OPS[payload[3] ?? 0];
  const op = OPS[(payload[3] ?? 0) - 1];
  if (op === undefined && group === undefined) return undefined;
  const reader = new Reader(payload, HEADER_BYTES);
  const instanceId = reader.string(reader.u8());
  const timestamp = reader.f64();
  if (!Number.isFinite(timestamp)) return undefined;
  if (group !== undefined) {
    const expired = payload[3] === EXPIRED_TAGS_CODE;
    return readGroup(reader, group, expired, maxKeys, instanceId, timestamp);
  }
  if (op === undefined) return undefined;
  let message: InvalidationMessage;
  switch (op) {
    case 'remove':
    case 'expire': {
      const count = reader.u32();
      // Every key takes at least 5 bytes (length + one character): refuse counts the payload cannot hold.
      if (count === 0 || count > maxKeys || count * 5 > reader.remaining) return undefined;
      const keys: string[] = new Array(count);
      for (let index = 0; index < count; index++) keys[index] = reader.key();
      message = { type: op, keys };
      break;
    }
    case 'update': {
      const key = reader.key();
      const ttlMs = reader.f64();
      if (!(ttlMs > 0) || !Number.isFinite(ttlMs)) return undefined;
      const value = reader.bytes(reader.u32());
      message = { type: 'update', key, value, ttlMs };
      break;
    }
    case 'pattern':
      message = { type: 'pattern', pattern: reader.key() };
      break;
    case 'clear':
      message = { type: 'clear' };
      break;
  }
  if (reader.remaining !== 0) return undefined;
  return { instanceId, timestamp, message };
}

/**
 * A tag or namespace invalidation, after the common header:
 *
 * ```text
 * tags (16):      at f64 | count u32 | (len u32 | tag utf8) × count
 * namespace (17): at f64 | len u32 | prefix utf8
 * ```
 */
function encodeGroup({ instanceId, timestamp, message }: Envelope): Buffer {
  const group = message as GroupMessage;
  const id = Buffer.from(instanceId, 'utf8');
  if (id.length > 255) throw new RangeError('instance id is longer than 255 bytes');
  const strings = (group.type === 'tags' ? group.tags : [group.prefix]).map((text) =>
    Buffer.from(text, 'utf8'),
  );
  let size = HEADER_BYTES + 1 + id.length + 8 + 8 + (group.type === 'tags' ? 4 : 0);
  for (const bytes of strings) size += 4 + bytes.length;
  const out = Buffer.allocUnsafe(size);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = ENVELOPE_VERSION;
  out[3] =
    group.type === 'tags' && group.mode === 'expire' ? EXPIRED_TAGS_CODE : GROUP_CODES[group.type];
  out[4] = id.length;
  id.copy(out, 5);
  let offset = out.writeDoubleBE(timestamp, 5 + id.length);
  offset = out.writeDoubleBE(group.at, offset);
  if (group.type === 'tags') offset = out.writeUInt32BE(strings.length, offset);
  for (const bytes of strings) {
    offset = out.writeUInt32BE(bytes.length, offset);
    offset += bytes.copy(out, offset);
  }
  return out;
}

function readGroup(
  reader: Reader,
  type: GroupMessage['type'],
  expired: boolean,
  maxKeys: number,
  instanceId: string,
  timestamp: number,
): Envelope | undefined {
  const at = reader.f64();
  if (!Number.isFinite(at) || at < 0) return undefined;
  let message: GroupMessage;
  if (type === 'tags') {
    const count = reader.u32();
    if (count === 0 || count > maxKeys || count * 5 > reader.remaining) return undefined;
    const tags: string[] = new Array(count);
    for (let index = 0; index < count; index++) tags[index] = reader.key();
    message = expired ? { type: 'tags', tags, at, mode: 'expire' } : { type: 'tags', tags, at };
  } else {
    message = { type: 'namespace', prefix: reader.key(), at };
  }
  if (reader.remaining !== 0) return undefined;
  return { instanceId, timestamp, message };
}

class Reader {
  #offset: number;
  readonly #payload: Buffer;

  constructor(payload: Buffer, offset: number) {
    this.#payload = payload;
    this.#offset = offset;
  }

  get remaining(): number {
    return this.#payload.length - this.#offset;
  }

  #take(length: number): number {
    if (length > this.remaining) throw new RangeError('truncated');
    const at = this.#offset;
    this.#offset += length;
    return at;
  }

  u8(): number {
    return this.#payload[this.#take(1)]!;
  }

  u32(): number {
    return this.#payload.readUInt32BE(this.#take(4));
  }

  f64(): number {
    return this.#payload.readDoubleBE(this.#take(8));
  }

  string(length: number): string {
    const at = this.#take(length);
    return utf8.decode(this.#payload.subarray(at, at + length));
  }

  /** A non-empty UTF-8 string with a u32 length. */
  key(): string {
    const length = this.u32();
    if (length === 0) throw new RangeError('empty key');
    return this.string(length);
  }

  bytes(length: number): Uint8Array {
    const at = this.#take(length);
    // A copy, so the message does not keep the whole socket buffer alive.
    return new Uint8Array(this.#payload.subarray(at, at + length));
  }
}
