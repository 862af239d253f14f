import type { RedisArg, StreamClient } from '../client/stream-client.js';
import type { PendingEntriesOptions, PendingEntry, PendingSummary } from '../options.js';
import { text } from '../reply.js';
import {
  assertId,
  assertMs,
  assertName,
  assertPositiveInteger,
  assertStream,
} from '../validate.js';
import { groupError } from './read-group.js';

/** XPENDING stream group: how many entries are pending, overall and per consumer. */
export async function pending(
  client: StreamClient,
  stream: string,
  group: string,
): Promise<PendingSummary> {
  assertStream(stream);
  assertName('group', group);
  let reply: unknown;
  try {
    reply = await client.send('xpending', stream, [stream, group]);
  } catch (error) {
    throw groupError(error, stream, group);
  }
  const [count, smallest, greatest, consumers] = Array.isArray(reply) ? reply : [];
  return {
    count: Number(count ?? 0),
    smallestId: smallest == null ? null : text(smallest),
    greatestId: greatest == null ? null : text(greatest),
    consumers: pairs(consumers).map(([name, n]) => ({ name: text(name), pending: Number(n) })),
  };
}

/** `[[name, count], ...]` in RESP2; a map (object, Map or flat array) in some RESP3 setups. */
function pairs(raw: unknown): [unknown, unknown][] {
  if (raw instanceof Map) return [...raw.entries()];
  if (Array.isArray(raw)) {
    if (raw.every(Array.isArray)) return raw as [unknown, unknown][];
    const flat: [unknown, unknown][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) flat.push([raw[i], raw[i + 1]]);
    return flat;
  }
  if (raw && typeof raw === 'object') return Object.entries(raw);
  return [];
}

/** XPENDING stream group [IDLE ms] start end count [consumer]: the pending entries themselves. */
export async function pendingEntries(
  client: StreamClient,
  stream: string,
  group: string,
  options: PendingEntriesOptions = {},
): Promise<PendingEntry[]> {
  assertStream(stream);
  assertName('group', group);
  const { start = '-', end = '+', count = 100, consumer, minIdleMs } = options;
  assertId('start', start, 'range-start');
  assertId('end', end, 'range-end');
  assertPositiveInteger('count', count);
  const args: RedisArg[] = [stream, group];
  if (minIdleMs !== undefined) {
    assertMs('minIdleMs', minIdleMs);
    args.push('IDLE', String(minIdleMs));
  }
  args.push(start, end, String(count));
  if (consumer !== undefined) {
    assertName('consumer', consumer);
    args.push(consumer);
  }
  let reply: unknown;
  try {
    reply = await client.send('xpending', stream, args);
  } catch (error) {
    throw groupError(error, stream, group);
  }
  if (!Array.isArray(reply)) return [];
  return reply.map(([id, owner, idle, deliveries]: unknown[]) => ({
    id: text(id),
    consumer: text(owner),
    idleMs: Number(idle),
    deliveries: Number(deliveries),
  }));
}
