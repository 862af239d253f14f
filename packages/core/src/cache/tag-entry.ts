import type { L2Entry } from '../stores/l2-store.js';
import type { EntryMeta } from './entry-envelope.js';
import { l1Held } from './tag-write.js';

/**
 * An entry read from a shared tier that carried an envelope: `value` is still the bytes as
 * stored (what promotion copies to the tiers above), `bytes` the value's own bytes.
 */
export interface EnvelopedEntry extends L2Entry {
  readonly meta: EntryMeta;
  readonly bytes: Uint8Array;
}

/** The bytes the serializer decodes: the value's own, past any envelope. */
export function valueBytes(entry: L2Entry): Uint8Array {
  return (entry as Partial<EnvelopedEntry>).bytes ?? entry.value;
}

/** What L1 holds for `value` read in `entry`: an {@link L1Entry} when it carried an envelope. */
export function l1Value(value: unknown, entry: L2Entry): unknown {
  return l1Held(value, (entry as Partial<EnvelopedEntry>).meta);
}
