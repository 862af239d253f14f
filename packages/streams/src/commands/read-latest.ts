import type { StreamEntry } from '@multi-tier-cache/core';
import type { StreamContext } from '../context.js';
import { type BinaryStreamEntry, decodeEntries } from '../reply.js';
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
    'XREVRANGE',
    stream,
    [stream, '+', '-', 'COUNT', String(count)],
    binary ? 'buffer' : 'utf8',
  );
  return decodeEntries(reply, binary);
}
