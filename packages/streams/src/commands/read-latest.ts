import type { StreamClient } from '../client/stream-client.js';
import type { StreamContext } from '../context.js';
import { type BinaryStreamEntry, decodeEntries } from '../reply.js';
import type { StreamEntry } from '../streaming-backend.js';
import { assertPositiveInteger, assertStream } from '../validate.js';

/** XREVRANGE stream + - COUNT n: the newest entries, newest first; `[]` for a missing stream. */
export async function readLatest(
  context: StreamContext,
  stream: string,
  count: number,
  binary: boolean,
): Promise<(StreamEntry | BinaryStreamEntry)[]> {
  assertStream(stream);
  assertPositiveInteger('count', count);
  const reply = await context.client.send(
    'xrevrange',
    stream,
    [stream, '+', '-', 'COUNT', String(count)],
    binary ? 'buffer' : 'utf8',
  );
  return decodeEntries(reply, binary);
}

/** The stream's newest entry id now, or `'0-0'` when it is empty or missing. */
export async function newestId(client: StreamClient, stream: string): Promise<string> {
  const reply = await client.send('xrevrange', stream, [stream, '+', '-', 'COUNT', '1']);
  return decodeEntries(reply)[0]?.id ?? '0-0';
}
