import type { StreamClient } from '../client/stream-client.js';
import type { CreateGroupOptions } from '../options.js';
import { errorText } from '../reply.js';
import { assertId, assertName, assertStream } from '../validate.js';

/**
 * XGROUP CREATE stream group startId MKSTREAM. Resolves to `true` when it created the group and
 * `false` when the group already existed (BUSYGROUP), so calling it on every start is safe.
 */
export async function createGroup(
  client: StreamClient,
  stream: string,
  group: string,
  options?: CreateGroupOptions,
): Promise<boolean> {
  assertStream(stream);
  assertName('group', group);
  const startId = options?.startId ?? '$';
  assertId('startId', startId, 'group-start');
  try {
    await client.send('xgroup', stream, ['CREATE', stream, group, startId, 'MKSTREAM']);
    return true;
  } catch (error) {
    if (errorText(error).startsWith('BUSYGROUP')) return false;
    throw error;
  }
}
