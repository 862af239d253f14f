/** The messages between the bus benchmark and its receiving process. */
export type BusCommand =
  | { readonly type: 'prepare'; readonly round: number; readonly count: number }
  | { readonly type: 'close' };

export type BusReply =
  | { readonly ready: true }
  | { readonly prepared: true }
  | { readonly receivedAt: readonly number[] };

/** Pub/Sub channels of the raw baseline and of our bus (bentocache names its own). */
export const RAW_CHANNEL = 'bench:bus:raw';
export const OURS_CHANNEL = 'bench:bus:ours';
export const BUS_PREFIX = 'bench-bus';

/** `round:<round>:<index>`, so a late message from an earlier round is never counted. */
export const busKey = (round: number, index: number) => `round:${round}:${index}`;

/** The round and index of a key, read from its end (a library may put a prefix in front). */
export function parseBusKey(key: string): { round: number; index: number } {
  const parts = key.split(':');
  return { round: Number(parts.at(-2)), index: Number(parts.at(-1)) };
}
