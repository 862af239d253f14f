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
}

/**
 * The Rust crate's JSON messages, tagged by `"type"`:
 * `{"type":"Remove","key":k}`, `{"type":"RemoveBulk","keys":[…]}`,
 * `{"type":"Update","key":k,"value":<json>,"ttl_secs":n}`, `{"type":"RemovePattern","pattern":p}`.
 *
 * Update values are JSON values, so the cache must use the JSON serializer: the bytes core hands
 * over are embedded as JSON, and a received value is written back to JSON bytes. `clear` has no
 * Rust counterpart and is sent as `RemovePattern "*"`. These messages carry no instance id or
 * timestamp (the envelope's are empty and 0).
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
  return {
    name: 'rust',
    encode: ({ message }) => Buffer.from(JSON.stringify(toRust(message)), 'utf8'),
    decode: function decodeRust(payload) {
      if (payload.length > maxBytes) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        return undefined;
      }
      const message = fromRust(parsed, maxKeys, defaultTtlMs);
      return message === undefined ? undefined : { instanceId: '', timestamp: 0, message };
    },
  };
}

function toRust(message: InvalidationMessage): Record<string, unknown> {
  switch (message.type) {
    case 'remove':
      return message.keys.length === 1
        ? { type: 'Remove', key: message.keys[0] }
        : { type: 'RemoveBulk', keys: message.keys };
    case 'update':
      return {
        type: 'Update',
        key: message.key,
        value: parseJsonValue(message.key, message.value),
        ttl_secs: Math.max(1, Math.ceil(message.ttlMs / 1000)),
      };
    case 'pattern':
      return { type: 'RemovePattern', pattern: message.pattern };
    case 'clear':
      return { type: 'RemovePattern', pattern: '*' };
  }
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
): InvalidationMessage | undefined {
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
      // JSON.parse made `__proto__` an own property, and re-stringifying keeps it data: the
      // cache's serializer decides what to do with it (core's JSON serializer drops it).
      const value = Buffer.from(JSON.stringify(record.value), 'utf8');
      return { type: 'update', key, value, ttlMs };
    }
    default:
      return undefined;
  }
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
