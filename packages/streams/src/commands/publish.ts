import type { StreamFields } from '@multi-tier-cache/core';
import type { RedisArg } from '../client/stream-client.js';
import type { StreamContext } from '../context.js';
import type { PublishOptions } from '../options.js';
import { text } from '../reply.js';
import { assertPositiveInteger, assertStream, pushFields } from '../validate.js';

/** XADD stream [MAXLEN [~] n] * field value ... → the new entry's id. */
export async function publish(
  context: StreamContext,
  stream: string,
  fields: StreamFields,
  options?: PublishOptions,
): Promise<string> {
  assertStream(stream);
  const maxLen = options?.maxLen ?? context.maxLen;
  const args: RedisArg[] = [stream];
  if (maxLen !== Number.POSITIVE_INFINITY) {
    assertPositiveInteger('maxLen', maxLen);
    if (options?.exact) args.push('MAXLEN', String(maxLen));
    else args.push('MAXLEN', '~', String(maxLen));
  }
  args.push('*');
  pushFields(args, fields);
  return text(await context.client.send('XADD', stream, args));
}
