import { CacheError } from '@multi-tier-cache/core';
import type { RedisArg, StreamClient } from '../client/stream-client.js';
import { assertId, assertName, assertStream } from '../validate.js';

/** XACK stream group id ... → how many entries were pending and are now acknowledged. */
export async function ack(
  client: StreamClient,
  stream: string,
  group: string,
  ids: string | readonly string[],
): Promise<number> {
  assertStream(stream);
  assertName('group', group);
  const list = typeof ids === 'string' ? [ids] : ids;
  if (list.length === 0) {
    throw new CacheError(
      'invalid-value',
      'ids is empty: pass at least one entry id to acknowledge',
    );
  }
  const args: RedisArg[] = [stream, group];
  for (const id of list) {
    assertId('id', id, 'entry');
    args.push(id);
  }
  return Number(await client.send('xack', stream, args));
}
