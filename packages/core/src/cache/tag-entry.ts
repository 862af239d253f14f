import type { L2Entry } from '../stores/l2-store.js';
import type { EntryMeta } from './entry-envelope.js';

/**
 * An entry read from a shared tier that carried an envelope: `value` is still the bytes as
 * stored (what promotion copies to the tiers above), `bytes` the value's own bytes.
 */
export interface EnvelopedEntry extends L2Entry {
  readonly meta: EntryMeta;
  readonly bytes: Uint8Array;
}
