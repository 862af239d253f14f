import type { RedisArg, StreamClient } from '../client/stream-client.js';
import { type StreamContext, sendMaybeBlocking } from '../context.js';
import type { ReadOptions } from '../options.js';
import { type BinaryStreamEntry, decodeEntries, entriesOfOnlyStream } from '../reply.js';
import type { StreamEntry } from '../streaming-backend.js';
import { assertId, assertMs, assertPositiveInteger, assertStream } from '../validate.js';
import { newestId } from './read-latest.js';

/** Checks `read` options and returns the XREAD arguments. */
export function readArgs(stream: string, options: ReadOptions | undefined): RedisArg[] {
  assertStream(stream);
  const lastId = options?.lastId ?? '0';
  const count = options?.count ?? 100;
  assertId('lastId', lastId, 'read');
  assertPositiveInteger('count', count);
  const args: RedisArg[] = ['COUNT', String(count)];
  if (options?.blockMs !== undefined) {
    assertMs('blockMs', options.blockMs);
    args.push('BLOCK', String(options.blockMs));
  }
  args.push('STREAMS', stream, lastId);
  return args;
}

/** Sends XREAD on `client` and decodes the one stream's entries. */
export async function sendRead(
  client: StreamClient,
  stream: string,
  args: RedisArg[],
  binary: boolean,
): Promise<(StreamEntry | BinaryStreamEntry)[]> {
  const reply = await client.send('xread', stream, args, binary ? 'buffer' : 'utf8');
  return decodeEntries(entriesOfOnlyStream(reply), binary);
}

/**
 * XREAD [COUNT n] [BLOCK ms] STREAMS stream id: entries after `lastId`, oldest first; `[]` for a
 * missing stream or when the wait ends empty. Blocking reads use a dedicated connection.
 *
 * A blocking read from `'$'` first asks the user's client for the newest id (in the same tick, so
 * ahead of any publish the caller makes next): an entry published right after `read()` was called
 * is delivered even though the dedicated connection starts waiting a little later.
 */
export async function read(
  context: StreamContext,
  stream: string,
  options: ReadOptions | undefined,
): Promise<(StreamEntry | BinaryStreamEntry)[]> {
  const args = readArgs(stream, options);
  const binary = options?.encoding === 'buffer';
  const blocks = options?.blockMs !== undefined;
  const newest = blocks && args.at(-1) === '$' ? newestId(context.client, stream) : undefined;
  if (newest) args[args.length - 1] = await newest;
  return (await sendMaybeBlocking(context, blocks, (client) =>
    sendRead(client, stream, args, binary),
  )) as (StreamEntry | BinaryStreamEntry)[];
}
