import { type EntryMeta, wrapEntryBytes } from './entry-envelope.js';
import { L1Entry } from './l1-entry.js';

/** The bytes a shared tier stores: `bytes` as they are, or behind `meta`'s envelope. */
export function enveloped(
  bytes: Uint8Array | undefined,
  meta: EntryMeta | undefined,
): Uint8Array | undefined {
  return bytes === undefined || meta === undefined ? bytes : wrapEntryBytes(bytes, meta);
}

/** What L1 holds: the value itself, or an {@link L1Entry} carrying `meta`. */
export function l1Held(value: unknown, meta: EntryMeta | undefined): unknown {
  return meta === undefined ? value : new L1Entry(value, meta.writtenAt + meta.freshMs, meta);
}
