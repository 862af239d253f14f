import { Buffer } from 'node:buffer';

const MARK = 0x52; // 'R'

/**
 * With replay on, a message is logged (XADD) and published by one script, which puts the new
 * entry's stream id in front of the payload: `"R" | idLen u8 | id ascii | payload`. Receivers
 * remember the id of the last message they applied, so after a gap they read exactly what follows.
 * Returns undefined for a payload without the frame (published by an instance without replay).
 *
 * @example
 * ```ts
 * const framed = readReplayFrame(raw); // { id: '1700000000000-0', payload }
 * ```
 */
export function readReplayFrame(raw: Buffer): { id: string; payload: Buffer } | undefined {
  if (raw.length < 2 || raw[0] !== MARK) return undefined;
  const length = raw[1]!;
  if (raw.length < 2 + length || length === 0) return undefined;
  const id = raw.toString('latin1', 2, 2 + length);
  if (!/^\d+-\d+$/.test(id)) return undefined;
  return { id, payload: raw.subarray(2 + length) };
}

/**
 * Appends the payload to the capped log and publishes it framed with the entry's id, in one round
 * trip. KEYS[1] is the stream (on a Cluster it shares the channel's slot through its hash tag, so
 * the script runs on the node owning both); ARGV: payload, MAXLEN, channel, PUBLISH or SPUBLISH.
 *
 * @example
 * ```ts
 * await redis.eval(LOGGED_PUBLISH, 1, '{mtc:invalidate}:log', payload, 10000, 'mtc:invalidate', 'PUBLISH');
 * ```
 */
export const LOGGED_PUBLISH = `local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'p', ARGV[1])
redis.call(ARGV[4], ARGV[3], 'R' .. string.char(#id) .. id .. ARGV[1])
return id`;

/** A log entry: its id and the payload (empty for the marker written into an empty log). */
export type LogEntry = { readonly id: string; readonly payload: Buffer };

/** XRANGE / XREVRANGE reply → entries; anything unexpected is skipped. */
export function logEntries(reply: unknown): LogEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: LogEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || item.length < 2) continue;
    const [id, fields] = item as [unknown, unknown];
    if (!Array.isArray(fields)) continue;
    const payload = fields[1];
    entries.push({
      id: String(id),
      payload: payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.alloc(0),
    });
  }
  return entries;
}
