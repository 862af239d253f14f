import { Buffer } from 'node:buffer';
import { CacheError, type InvalidationMessage } from '@multi-tier-cache/core';
import { type Codec, DEFAULT_LIMITS, type DecodeLimits } from './envelope.js';

/**
 * The channel the Rust crate `multi-tier-cache` publishes and subscribes on.
 *
 * @example
 * ```ts
 * redisBus({ transport, format: 'rust' }).stats().channel === RUST_CHANNEL; // 'cache:invalidate'
 * ```
 */
export const RUST_CHANNEL = 'cache:invalidate';

/**
 * Options of {@link rustCodec}.
 *
 * @example
 * ```ts
 * const codec = rustCodec({ defaultTtlMs: 60_000 });
 * ```
 */
export interface RustCodecOptions extends DecodeLimits {
  /** TTL given to an `Update` that carries no `ttl_secs`. @default 300000 (the crate's default strategy, 5 min) */
  readonly defaultTtlMs?: number;
  /**
   * How an `Update` carries its value, as the crate versions on the channel expect it.
   * @default 'hex'
   */
  readonly valueEncoding?: RustValueEncoding;
}

/**
 * How the Rust crate encodes an `Update`'s value, by crate version:
 * - `'json'`: the value itself as JSON (0.4.0 to 0.5.6);
 * - `'bytes'`: the serialized bytes as an array of numbers (0.5.7 to 0.6.5);
 * - `'hex'`: the serialized bytes as a lowercase hex string (0.6.6 and later).
 *
 * With `'bytes'` or `'hex'`, every encoding is read: a string as hex, an array as bytes, any other
 * JSON value as a 0.4 value. With `'json'`, every value is read as a 0.4 value (a 0.4 string or
 * array is otherwise indistinguishable from hex or bytes).
 *
 * @example
 * ```ts
 * redisBus({ transport, format: 'rust', rustValueEncoding: 'json' }); // a fleet of 0.5.x services
 * ```
 */
export type RustValueEncoding = 'json' | 'bytes' | 'hex';

/**
 * The Rust crate's JSON messages, tagged by `"type"`:
 * `{"type":"Remove","key":k}`, `{"type":"RemoveBulk","keys":[…]}`,
 * `{"type":"Update","key":k,"value":<json>,"ttl_secs":n}`, `{"type":"RemovePattern","pattern":p}`.
 *
 * Update values are JSON values, so the cache must use the JSON serializer: the bytes core hands
 * over are embedded as JSON, and a received value is written back to JSON bytes. `clear` has no
 * Rust counterpart and is sent as `RemovePattern "*"`; neither have tags and namespaces: a
 * namespace's clear is sent as `RemovePattern "<prefix>*"`, a `deleteByTag` as `RemovePattern "*"`
 * (every L1 is emptied; shared tiers still hold the tag times, which every read checks). Grace
 * and tags are not carried either: an `update` whose value has them (the cache wraps such values
 * in its entry header) is sent as `Remove` of its key, so other instances read the entry, grace
 * and tags included, from the shared tier; an `expire` is sent as `Remove` too. These messages
 * carry no instance id or timestamp (the envelope's are empty and 0).
 *
 * @example
 * ```ts
 * const codec = rustCodec();
 * codec.encode({ instanceId: '', timestamp: 0, message: { type: 'remove', keys: ['a'] } }).toString();
 * // '{"type":"Remove","key":"a"}'
 * ```
 */
export function rustCodec(options: RustCodecOptions = {}): Codec {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxKeys = options.maxKeys ?? DEFAULT_LIMITS.maxKeys;
  const defaultTtlMs = options.defaultTtlMs ?? 300_000;
  const valueEncoding = options.valueEncoding ?? 'hex';
  return {
    name: 'rust',
    encode: ({ message }) => Buffer.from(JSON.stringify(toRust(message, valueEncoding)), 'utf8'),
    decode: function decodeRust(payload) {
      if (payload.length > maxBytes) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        return undefined;
      }
      const message = fromRust(parsed, maxKeys, defaultTtlMs, valueEncoding);
      if (message === undefined) return undefined;
      if (message === UNREADABLE) {
        const key = (parsed as Record<string, unknown>).key as string;
        return {
          instanceId: '',
          timestamp: 0,
          message: { type: 'remove', keys: [key] },
          unreadableValue: true,
        };
      }
      return { instanceId: '', timestamp: 0, message };
    },
  };
}

/** An `Update` whose value is in no encoding this codec reads: its key is invalidated instead. */
const UNREADABLE = Symbol('unreadable value');

function toRust(
  message: InvalidationMessage,
  encoding: RustValueEncoding,
): Record<string, unknown> {
  switch (message.type) {
    // The crate has no expire: its instances drop the keys, which is what expire does to
    // entries without grace, and the safe reading of it for entries with grace.
    case 'remove':
    case 'expire':
      return message.keys.length === 1
        ? { type: 'Remove', key: message.keys[0] }
        : { type: 'RemoveBulk', keys: message.keys };
    case 'update':
      // The crate cannot read core's entry header, and its entries have no grace or tags: its
      // instances drop the key and read the entry from the shared tier, which has both.
      if (hasEntryHeader(message.value)) return { type: 'Remove', key: message.key };
      return {
        type: 'Update',
        key: message.key,
        value: encodeValue(message.key, message.value, encoding),
        ttl_secs: Math.max(1, Math.ceil(message.ttlMs / 1000)),
      };
    case 'pattern':
      return { type: 'RemovePattern', pattern: message.pattern };
    case 'clear':
      return { type: 'RemovePattern', pattern: '*' };
    // Group invalidations: the crate has no tags or namespaces. A namespace is its keys' prefix,
    // so its clear is a pattern; a tag cannot be expressed, so every L1 is cleared instead (an
    // `expireByTag` too: the crate has no stale entries).
    case 'namespace':
      return { type: 'RemovePattern', pattern: `${message.prefix}*` };
    case 'tags':
      return { type: 'RemovePattern', pattern: '*' };
  }
}

/**
 * Core's entry header (`\0mte`), which values written with grace or tags start with. No JSON
 * text starts with a NUL byte, so it cannot be mistaken for a value the crate reads.
 */
const ENTRY_MAGIC = [0x00, 0x6d, 0x74, 0x65] as const;

function hasEntryHeader(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= ENTRY_MAGIC.length && ENTRY_MAGIC.every((byte, i) => bytes[i] === byte)
  );
}

function encodeValue(key: string, bytes: Uint8Array, encoding: RustValueEncoding): unknown {
  const value = parseJsonValue(key, bytes);
  if (encoding === 'json') return value;
  return encoding === 'hex' ? Buffer.from(bytes).toString('hex') : Array.from(bytes);
}

function parseJsonValue(key: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    );
  } catch (error) {
    throw new CacheError(
      'not-serializable',
      `value of ${JSON.stringify(key)} is not JSON: format 'rust' needs the cache's JSON serializer (the default)`,
      { cause: error },
    );
  }
}

function fromRust(
  parsed: unknown,
  maxKeys: number,
  defaultTtlMs: number,
  encoding: RustValueEncoding,
): InvalidationMessage | typeof UNREADABLE | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const field = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);
  switch (field('type')) {
    case 'Remove': {
      const key = field('key');
      return isKey(key) ? { type: 'remove', keys: [key] } : undefined;
    }
    case 'RemoveBulk': {
      const keys = field('keys');
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > maxKeys) return undefined;
      return keys.every(isKey) ? { type: 'remove', keys: [...keys] } : undefined;
    }
    case 'RemovePattern': {
      const pattern = field('pattern');
      return isKey(pattern) ? { type: 'pattern', pattern } : undefined;
    }
    case 'Update': {
      const key = field('key');
      if (!isKey(key) || !Object.hasOwn(record, 'value')) return undefined;
      const ttl = field('ttl_secs');
      let ttlMs = defaultTtlMs;
      if (ttl !== undefined && ttl !== null) {
        if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) return undefined;
        ttlMs = ttl * 1000;
      }
      const value = readValue(record.value, encoding);
      return value === undefined ? UNREADABLE : { type: 'update', key, value, ttlMs };
    }
    default:
      return undefined;
  }
}

/** The value's serialized bytes (JSON text), or undefined when no known encoding yields them. */
function readValue(value: unknown, encoding: RustValueEncoding): Uint8Array | undefined {
  if (encoding !== 'json') {
    if (typeof value === 'string') return jsonText(hexBytes(value));
    if (Array.isArray(value)) return jsonText(byteArray(value));
  }
  // JSON.parse made `__proto__` an own property, and re-stringifying keeps it data: the
  // cache's serializer decides what to do with it (core's JSON serializer drops it).
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function hexBytes(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

function byteArray(items: readonly unknown[]): Uint8Array | undefined {
  const bytes = new Uint8Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item > 255) {
      return undefined;
    }
    bytes[index] = item;
  }
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes when they are one JSON text (what the cache's JSON serializer reads), else undefined. */
function jsonText(bytes: Uint8Array | undefined): Uint8Array | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    JSON.parse(strictUtf8.decode(bytes));
    return bytes;
  } catch {
    return undefined;
  }
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
