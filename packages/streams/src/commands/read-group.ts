import { CacheError } from '@multi-tier-cache/core';
import type { RedisArg, StreamClient } from '../client/stream-client.js';
import { type StreamContext, sendMaybeBlocking } from '../context.js';
import type { ReadGroupOptions } from '../options.js';
import { type BinaryStreamEntry, decodeEntries, entriesOfOnlyStream, errorText } from '../reply.js';
import type { StreamEntry } from '../streaming-backend.js';
import {
  assertId,
  assertMs,
  assertName,
  assertPositiveInteger,
  assertStream,
} from '../validate.js';

/** Checks `readGroup` arguments and returns the XREADGROUP arguments. */
export function readGroupArgs(
  stream: string,
  group: string,
  consumer: string,
  options: ReadGroupOptions | undefined,
): RedisArg[] {
  assertStream(stream);
  assertName('group', group);
  assertName('consumer', consumer);
  const id = options?.id ?? '>';
  const count = options?.count ?? 100;
  assertId('id', id, 'group-read');
  assertPositiveInteger('count', count);
  const args: RedisArg[] = ['GROUP', group, consumer, 'COUNT', String(count)];
  if (options?.blockMs !== undefined) {
    assertMs('blockMs', options.blockMs);
    args.push('BLOCK', String(options.blockMs));
  }
  args.push('STREAMS', stream, id);
  return args;
}

/** Sends XREADGROUP on `client`; a missing group becomes a CacheError that says what to do. */
export async function sendReadGroup(
  client: StreamClient,
  stream: string,
  group: string,
  args: RedisArg[],
  binary: boolean,
): Promise<(StreamEntry | BinaryStreamEntry)[]> {
  try {
    const reply = await client.send('xreadgroup', stream, args, binary ? 'buffer' : 'utf8');
    return decodeEntries(entriesOfOnlyStream(reply), binary);
  } catch (error) {
    throw groupError(error, stream, group);
  }
}

/** Turns a NOGROUP reply into a CacheError; passes anything else through. */
export function groupError(error: unknown, stream: string, group: string): unknown {
  if (!errorText(error).startsWith('NOGROUP')) return error;
  return new CacheError(
    'invalid-value',
    `group "${group}" does not exist on stream "${stream}": call createGroup(stream, group) first`,
    { cause: error },
  );
}

/**
 * XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] STREAMS stream id. With `'>'` the entries
 * become pending for `consumer` until acknowledged.
 */
export async function readGroup(
  context: StreamContext,
  stream: string,
  group: string,
  consumer: string,
  options: ReadGroupOptions | undefined,
): Promise<(StreamEntry | BinaryStreamEntry)[]> {
  const args = readGroupArgs(stream, group, consumer, options);
  const binary = options?.encoding === 'buffer';
  return (await sendMaybeBlocking(context, options?.blockMs !== undefined, (client) =>
    sendReadGroup(client, stream, group, args, binary),
  )) as (StreamEntry | BinaryStreamEntry)[];
}
