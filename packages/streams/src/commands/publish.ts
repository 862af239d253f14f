import type { RedisArg } from '../client/stream-client.js';
import type { StreamContext } from '../context.js';
import type { PublishOptions } from '../options.js';
import type { StreamFields } from '../streaming-backend.js';
import { assertPositiveInteger, assertStream, pushFields } from '../validate.js';

/**
 * XADD stream [MAXLEN [~] n] * field value ... → the new entry's id. Not `async`: on the hot path the
 * client's own promise is returned as is (both clients reply to XADD with a string).
 */
export function publish(
  context: StreamContext,
  stream: string,
  fields: StreamFields,
  options?: PublishOptions,
): Promise<string> {
  try {
    assertStream(stream);
    const args: RedisArg[] = [stream];
    if (options?.maxLen === undefined && !options?.exact) {
      if (context.maxLenArg !== undefined) args.push('MAXLEN', '~', context.maxLenArg);
    } else {
      const maxLen = options.maxLen ?? context.maxLen;
      if (maxLen !== Number.POSITIVE_INFINITY) {
        assertPositiveInteger('maxLen', maxLen);
        if (options.exact) args.push('MAXLEN', String(maxLen));
        else args.push('MAXLEN', '~', String(maxLen));
      }
    }
    args.push('*');
    pushFields(args, fields);
    return context.client.send('xadd', stream, args) as Promise<string>;
  } catch (error) {
    return Promise.reject(error);
  }
}
