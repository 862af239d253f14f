import type { Buffer } from 'node:buffer';
import type { TrackingConnection, TrackingNode } from './tracking-connection.js';

/**
 * What a `trackingSession` reports to the bus.
 *
 * @example
 * ```ts
 * const events: TrackingEvents = { invalidate: (keys) => {}, lost: () => {}, restored: () => {} };
 * ```
 */
export interface TrackingEvents {
  /** Redis keys written, deleted, expired or evicted; null when a node was flushed. */
  invalidate(keys: readonly Buffer[] | null): void;
  /** A tracking connection closed: writes may go unreported from now on. */
  lost(): void;
  /** Every master is tracked again after a loss. */
  restored(): void;
}

/**
 * Keeps broadcast tracking on every master: one connection per node, each running
 * `CLIENT TRACKING on REDIRECT <its own id> BCAST PREFIX … NOLOOP` and then subscribed to
 * `__redis__:invalidate`. When any of them closes it reports `lost`, then asks the transport for
 * the current masters again (so a failover or a new master is followed), opens what is missing,
 * closes what is no longer a master, and reports `restored` once every master is tracked.
 *
 * @example
 * ```ts
 * const session = trackingSession(() => transport.trackingNodes!(), ['mtc:'], 1000, events);
 * await session.ready;
 * ```
 */
export function trackingSession(
  nodes: () => Promise<readonly TrackingNode[]>,
  prefixes: readonly string[],
  retryIntervalMs: number,
  events: TrackingEvents,
): { readonly ready: Promise<void>; readonly active: boolean; close(): void } {
  const open = new Map<string, TrackingConnection>();
  let lost = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;

  const track = async (node: TrackingNode): Promise<void> => {
    const connection = await node.open();
    try {
      const id = String(await connection.command(['CLIENT', 'ID']));
      const args = ['CLIENT', 'TRACKING', 'on', 'REDIRECT', id, 'BCAST'];
      for (const prefix of prefixes) args.push('PREFIX', prefix);
      args.push('NOLOOP');
      await connection.command(args);
      await connection.listen((keys) => {
        if (!closed) events.invalidate(keys);
      });
    } catch (error) {
      connection.close();
      throw error;
    }
    if (closed || open.has(node.address)) {
      connection.close();
      return;
    }
    open.set(node.address, connection);
    connection.onClose(() => {
      if (open.get(node.address) !== connection) return;
      open.delete(node.address);
      lose();
    });
  };

  /**
   * Opens a connection to every current master that has none and closes those of former masters;
   * true when every master is tracked at the end.
   */
  const sync = async (): Promise<boolean> => {
    const current = await nodes();
    if (current.length === 0) throw new Error('no master to track');
    const addresses = new Set(current.map((node) => node.address));
    for (const [address, connection] of open) {
      if (addresses.has(address)) continue;
      open.delete(address);
      connection.close();
    }
    await Promise.all(current.filter((node) => !open.has(node.address)).map(track));
    return current.every((node) => open.has(node.address));
  };

  const lose = () => {
    if (closed) return;
    if (!lost) {
      lost = true;
      events.lost();
    }
    scheduleSync(0);
  };

  const scheduleSync = (delayMs: number) => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (syncing !== undefined) {
        scheduleSync(retryIntervalMs);
        return;
      }
      syncing = sync().then(
        (complete) => {
          syncing = undefined;
          if (!complete) {
            scheduleSync(retryIntervalMs);
            return;
          }
          if (closed || !lost) return;
          lost = false;
          events.restored();
        },
        () => {
          syncing = undefined;
          scheduleSync(retryIntervalMs);
        },
      );
    }, delayMs);
    retryTimer.unref();
  };

  // A loss during the first sync waits for it instead of starting a second one beside it.
  syncing = sync().then(
    (complete) => {
      syncing = undefined;
      if (!complete) lose();
    },
    (error: unknown) => {
      syncing = undefined;
      // Retried like a lost connection; `ready` still rejects so the caller hears of it.
      lose();
      throw error;
    },
  );
  const ready = syncing;

  return {
    get active() {
      return !lost && !closed;
    },
    ready,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      for (const connection of open.values()) connection.close();
      open.clear();
    },
  };
}
