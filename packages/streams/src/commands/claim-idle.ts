import type { StreamClient } from '../client/stream-client.js';
import type { ClaimIdleOptions, ClaimResult } from '../options.js';
import { type BinaryStreamEntry, decodeEntries, text } from '../reply.js';
import type { StreamEntry } from '../streaming-backend.js';
import {
  assertId,
  assertMs,
  assertName,
  assertPositiveInteger,
  assertStream,
} from '../validate.js';
import { groupError } from './read-group.js';

/**
 * XAUTOCLAIM stream group consumer minIdle start COUNT n: takes over entries another consumer
 * left pending for at least `minIdleMs` (it crashed or hangs). The caller processes and acks them.
 */
export async function claimIdle(
  client: StreamClient,
  stream: string,
  group: string,
  consumer: string,
  options: ClaimIdleOptions,
): Promise<ClaimResult<StreamEntry | BinaryStreamEntry>> {
  assertStream(stream);
  assertName('group', group);
  assertName('consumer', consumer);
  const { minIdleMs, count = 100, startId = '0-0' } = options ?? {};
  assertMs('minIdleMs', minIdleMs);
  assertPositiveInteger('count', count);
  assertId('startId', startId, 'entry');
  const binary = options.encoding === 'buffer';
  let reply: unknown;
  try {
    reply = await client.send(
      'xautoclaim',
      stream,
      [stream, group, consumer, String(minIdleMs), startId, 'COUNT', String(count)],
      binary ? 'buffer' : 'utf8',
    );
  } catch (error) {
    throw groupError(error, stream, group);
  }
  const [next, entries, deleted] = Array.isArray(reply) ? reply : [];
  return {
    entries: decodeEntries(entries, binary),
    nextId: next == null ? '0-0' : text(next),
    deletedIds: Array.isArray(deleted) ? deleted.map(text) : [],
  };
}
