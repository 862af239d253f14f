import type { Buffer } from 'node:buffer';

/**
 * One dedicated RESP2 connection to one Redis master that enables broadcast tracking on itself
 * (redirected to itself) and listens on `__redis__:invalidate`. The transport opens it with the
 * client library's own reconnection turned off: when it closes, tracking on that node is gone and
 * `trackingSession` opens a fresh one.
 *
 * @example
 * ```ts
 * const connection = await node.open();
 * const id = await connection.command(['CLIENT', 'ID']);
 * ```
 */
export interface TrackingConnection {
  /** Runs one command (before `listen`; a subscribed RESP2 connection accepts no other). */
  command(args: readonly string[]): Promise<unknown>;
  /** Subscribes to `__redis__:invalidate`: `keys` is null when the node flushed everything. */
  listen(onInvalidate: (keys: readonly Buffer[] | null) => void): Promise<void>;
  /** Called once when the connection is gone. */
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * A master node of the deployment, by address, and how to open a tracking connection to it.
 *
 * @example
 * ```ts
 * for (const node of await transport.trackingNodes!()) console.log(node.address);
 * ```
 */
export interface TrackingNode {
  readonly address: string;
  open(): Promise<TrackingConnection>;
}

/** The channel RESP2 tracking redirects invalidations to. */
export const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** `__redis__:invalidate` carries an array of keys, or null after FLUSHALL / FLUSHDB. */
export function invalidatedKeys(payload: unknown): readonly Buffer[] | null {
  if (!Array.isArray(payload)) return null;
  return payload.filter((key): key is Buffer => key instanceof Uint8Array);
}
