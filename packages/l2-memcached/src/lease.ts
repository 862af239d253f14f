import type { Connection } from './connection.js';
import { metaGetOrLease } from './meta-commands.js';
import { hasFlag, type MetaReply } from './reply-parser.js';

/** How {@link leasedGet} waits for another instance's recomputation. */
export interface LeaseSettings {
  /** Lifetime of the placeholder a miss creates, in whole seconds. */
  readonly leaseSeconds: number;
  /** Longest wait for the lease holder's value before giving up and treating it as a miss. */
  readonly waitMs: number;
  /** Pause between two looks while waiting. */
  readonly pollMs: number;
}

const MISS: MetaReply = Object.freeze({ code: 'EN', flags: '', value: undefined });

/**
 * True for the empty placeholder memcached creates on a miss with the `N` flag: no data and a
 * `W` (this caller won the right to recompute) or `Z` (another caller has) flag. A real empty value
 * never carries those flags.
 *
 * @example
 * ```ts
 * isPlaceholder({ code: 'VA', flags: 't5 Z', value: new Uint8Array(0) }); // true
 * ```
 */
export function isPlaceholder(reply: MetaReply): boolean {
  return reply.code === 'VA' && reply.value?.length === 0 && isPlaceholderFlags(reply.flags);
}

/**
 * True when a reply's flags carry `W` or `Z`, the marks of a stampede placeholder.
 *
 * @example
 * ```ts
 * isPlaceholderFlags('Z'); // true
 * ```
 */
export function isPlaceholderFlags(flags: string): boolean {
  return hasFlag(flags, 'W') || hasFlag(flags, 'Z');
}

/**
 * A read with Memcached-side stampede protection (`mg <key> v t N<lease>`): on a miss, memcached
 * creates a placeholder and elects exactly one caller, across every instance, to recompute (`W`);
 * this resolves to a miss for that caller. The others (`Z`) poll until the winner's value is
 * there, or until `waitMs` passes and they recompute too.
 *
 * @example
 * ```ts
 * const reply = await leasedGet(connection, 'app:k3x9:report', { leaseSeconds: 5, waitMs: 300, pollMs: 10 });
 * ```
 */
export async function leasedGet(
  connection: Connection,
  wire: string,
  settings: LeaseSettings,
): Promise<MetaReply> {
  const request = metaGetOrLease(wire, settings.leaseSeconds);
  const deadline = Date.now() + settings.waitMs;
  for (;;) {
    const reply = await connection.send(request);
    if (!isPlaceholder(reply) || hasFlag(reply.flags, 'W'))
      return isPlaceholder(reply) ? MISS : reply;
    if (Date.now() + settings.pollMs > deadline) return MISS;
    await new Promise((resolve) => setTimeout(resolve, settings.pollMs));
  }
}
