import type { BusListener } from '../bus/bus.js';
import type { InvalidationMessage } from '../bus/invalidation-message.js';
import { publishBusGap, publishBusReconnect } from '../diagnostics/publish-events.js';
import { log } from './cache-logger.js';
import type { CacheState } from './cache-state.js';
import { type EntryMeta, unwrapEntryBytes } from './entry-envelope.js';
import { expireInL1 } from './expire.js';
import { writeL1Value } from './l1-write.js';
import type { TierOptions } from './shared-tier.js';
import { applyGroupInvalidation } from './tag-apply.js';
import { tagRegistry } from './tag-state.js';

/**
 * Coherence: invalidations applied to L1 and to work under way, whether this instance made them
 * or another one did (through the bus), and publishing them to the other instances.
 */

/** Applies an invalidation to L1 and to work under way; returns how many L1 entries it removed. */
export function applyLocally(
  state: CacheState,
  message: InvalidationMessage,
  origin: 'local' | 'remote',
): number {
  let removed = 0;
  switch (message.type) {
    case 'remove':
      for (const key of message.keys) {
        if (state.l1.delete(key)) removed++;
        state.markStale(key);
      }
      break;
    case 'pattern':
      // A pattern of every key may stand for a tag invalidation a bus format cannot carry.
      if (message.pattern === '*') tagRegistry(state).gap();
      // Before L1 is emptied: a tier without pattern deletes must not promote the older
      // entries back (this instance's own invalidation records the pattern in the tier itself).
      if (origin === 'remote') notePattern(state, message.pattern);
      removed = state.l1.deleteMatching(message.pattern);
      state.reads.markStaleMatching(message.pattern);
      state.computations.markStaleMatching(message.pattern);
      break;
    case 'clear':
      removed = state.l1.size;
      clearLocal(state);
      break;
    case 'update':
      state.markStale(message.key);
      break;
    case 'expire':
      for (const key of message.keys) {
        if (expireInL1(state, key)) removed++;
        state.markStale(key);
      }
      break;
    case 'tags':
    case 'namespace':
      removed = applyGroupInvalidation(state, message);
      break;
  }
  if (state.events.has('invalidation')) state.events.emit('invalidation', { message, origin });
  return removed;
}

/**
 * After this instance's own pattern deletion reached the shared tiers: a read that started after
 * L1 was emptied may have taken an older value from a tier before the deletion landed there, and
 * put it into L1 (or is about to). Both are undone; a value computed meanwhile costs a miss.
 */
export function settleOwnPattern(state: CacheState, glob: string): void {
  state.reads.markStaleMatching(glob);
  state.l1.deleteMatching(glob);
}

/** Hides, in every tier that cannot delete by pattern, its entries older than this moment. */
function notePattern(state: CacheState, glob: string): void {
  const at = Date.now();
  for (const tier of state.tiers) tier.notePattern(glob, at);
}

/** Empties L1 and marks all work under way stale. */
export function clearLocal(state: CacheState): void {
  tagRegistry(state).gap();
  state.l1.clear();
  state.reads.markAllStale();
  state.computations.markAllStale();
}

/** Sends `message` to the other instances; a failure is emitted, and rejected only in strict mode. */
export async function publish(state: CacheState, message: InvalidationMessage): Promise<void> {
  if (state.bus === undefined) return;
  try {
    await state.bus.publish(message);
  } catch (error) {
    state.emitError('bus', 'publish', undefined, error);
    if (state.strict) throw error;
  }
}

/**
 * Whether a delete's message may leave without waiting for the shared tiers' answer: every tier
 * shares the bus's connection ({@link TierOptions.sharesBusConnection}), whose commands Redis runs
 * in order, so the message cannot overtake the delete.
 */
export function publishesBehindDeletes(state: CacheState): boolean {
  const tiers = state.tiers;
  if (state.bus === undefined || tiers.length === 0) return false;
  for (const tier of tiers) if (!tier.sharesBusConnection) return false;
  return true;
}

/** What the cache does with messages from other instances and with a bus reconnect. */
export function busListener(state: CacheState): BusListener {
  return {
    onMessage: (message) => {
      try {
        applyLocally(state, message, 'remote');
        if (message.type === 'update') applyUpdate(state, message);
      } catch (error) {
        // A throwing L1 must not break the bus's delivery loop; the failure is reported.
        state.emitError(state.l1.name, 'invalidate', undefined, error);
      }
    },
    onResume: ({ downMs, replayed }) => {
      publishBusReconnect(downMs, replayed);
      log(
        state.logger,
        'info',
        { downMs, replayed },
        'invalidation bus reconnected after a gap: replayed what was missed, L1 kept',
      );
    },
    onReconnect: (gap) => {
      tagRegistry(state).gap();
      const action = state.clearL1OnReconnect ? 'clear-l1' : 'keep';
      publishBusGap('subscription lost', action);
      publishBusReconnect(gap?.downMs);
      log(
        state.logger,
        'warn',
        { action },
        action === 'clear-l1'
          ? 'invalidation bus reconnected after a gap: L1 cleared, since messages sent meanwhile are lost'
          : 'invalidation bus reconnected after a gap: L1 kept (onBusReconnect: keep), entries may be stale until they expire',
      );
      try {
        if (state.clearL1OnReconnect) clearLocal(state);
      } catch (error) {
        state.emitError(state.l1.name, 'clear', undefined, error);
      }
    },
  };
}

/** Puts the value another instance pushed into L1, or drops L1's copy when it does not decode. */
function applyUpdate(
  state: CacheState,
  message: Extract<InvalidationMessage, { type: 'update' }>,
): void {
  let value: unknown;
  let meta: EntryMeta | undefined;
  try {
    const unwrapped = unwrapEntryBytes(message.value);
    meta = unwrapped.meta;
    value = state.serializer.deserialize(unwrapped.bytes);
  } catch (error) {
    state.l1.delete(message.key);
    state.emitError('bus', 'decode', message.key, error);
    return;
  }
  if (value === undefined) state.l1.delete(message.key);
  else writeL1Value(state, message.key, value, message.ttlMs, meta);
}
