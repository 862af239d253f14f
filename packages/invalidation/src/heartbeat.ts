import { Buffer } from 'node:buffer';

/**
 * A bus heartbeat: published on the bus's own channel when the instance has sent nothing else
 * for a while, so that its echo proves the subscription still delivers. Only its sender reads
 * it; every other instance drops it before decoding.
 *
 * ```text
 * "M" "H" | version u8 (1) | idLen u8 | id utf8 | sentAt f64 (big-endian)
 * ```
 */
const MAGIC_0 = 0x4d;
const MAGIC_1 = 0x48;
const VERSION = 1;

export function encodeHeartbeat(instanceId: string, sentAt: number): Buffer {
  const id = Buffer.from(instanceId, 'utf8');
  const out = Buffer.allocUnsafe(4 + id.length + 8);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = VERSION;
  out[3] = id.length;
  id.copy(out, 4);
  out.writeDoubleBE(sentAt, 4 + id.length);
  return out;
}

/** True when `payload` has a heartbeat's header (whatever its body). */
export function isHeartbeat(payload: Buffer): boolean {
  return payload.length >= 4 && payload[0] === MAGIC_0 && payload[1] === MAGIC_1;
}

/** When `instanceId` sent this heartbeat, or `undefined` if it is another instance's or malformed. */
export function ownHeartbeatTime(payload: Buffer, instanceId: string): number | undefined {
  const idLength = payload[3]!;
  if (payload[2] !== VERSION || payload.length !== 4 + idLength + 8) return undefined;
  if (payload.toString('utf8', 4, 4 + idLength) !== instanceId) return undefined;
  const sentAt = payload.readDoubleBE(4 + idLength);
  return Number.isFinite(sentAt) ? sentAt : undefined;
}
