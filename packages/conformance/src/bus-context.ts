import type { Bus, BusListener, InvalidationMessage } from '@multi-tier-cache/core';
import type { ConformanceTest } from './conformance-test.js';
import type { VitestLike } from './vitest-like.js';

/** What a bus test gets: vitest's expect and connected buses, all closed after the test. */
export interface BusTestContext {
  readonly expect: VitestLike['expect'];
  /** `count` buses joined to one channel, as `createBuses` made them. */
  buses(count: number): Promise<Bus[]>;
  /** The caller's `reconnect` option (the tests using it are skipped when it is absent). */
  readonly reconnect: ((bus: Bus) => Promise<void>) | undefined;
}

/** What the bus suite knows before running: whether a reconnect function was given. */
export interface BusCapabilities {
  readonly reconnect: boolean;
}

/** One test of `busSuite`. */
export type BusTest = ConformanceTest<BusTestContext, BusCapabilities>;

/**
 * A listener that records what it receives.
 *
 * @example
 * ```ts
 * const recorder: Recorder = record(bus);
 * recorder.messages.length; // messages received so far
 * ```
 */
export interface Recorder extends BusListener {
  readonly messages: InvalidationMessage[];
  reconnects: number;
}

/**
 * Subscribes a recording listener to `bus`; returns it and the unsubscribe function. Handy in a
 * bus implementation's own tests, next to `busSuite`.
 *
 * @example
 * ```ts
 * const received = record(busB);
 * await busA.publish({ type: 'remove', keys: ['user:1'] });
 * await waitFor(() => received.messages.length === 1, 'the message to arrive');
 * received.unsubscribe();
 * ```
 */
export function record(bus: Bus): Recorder & { readonly unsubscribe: () => void } {
  const recorder = {
    messages: [] as InvalidationMessage[],
    reconnects: 0,
    onMessage(message: InvalidationMessage) {
      recorder.messages.push(message);
    },
    onReconnect() {
      recorder.reconnects++;
    },
    unsubscribe: () => {},
  };
  recorder.unsubscribe = bus.subscribe(recorder);
  return recorder;
}

/**
 * A plain comparable form of a message: byte values become number arrays (a Buffer and a
 * Uint8Array with the same bytes compare equal) and key and tag lists become plain arrays. The
 * optional `version` is left out: a bus may set it when publishing and need not deliver it, so
 * two messages that say the same compare equal whatever their versions.
 */
export function plain(message: InvalidationMessage | undefined): unknown {
  if (message === undefined) return undefined;
  switch (message.type) {
    case 'remove':
    case 'expire':
      return { type: message.type, keys: [...message.keys] };
    case 'update':
      return {
        type: 'update',
        key: message.key,
        value: message.value instanceof Uint8Array ? Array.from(message.value) : message.value,
        ttlMs: message.ttlMs,
      };
    case 'pattern':
      return { type: 'pattern', pattern: message.pattern };
    case 'clear':
      return { type: 'clear' };
    case 'tags':
      return {
        type: 'tags',
        tags: [...message.tags],
        at: message.at,
        ...(message.mode === undefined ? {} : { mode: message.mode }),
      };
    case 'namespace':
      return { type: 'namespace', prefix: message.prefix, at: message.at };
  }
}
