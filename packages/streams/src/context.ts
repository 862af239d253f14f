import type { BlockingConnections } from './blocking-connections.js';
import type { StreamClient } from './client/stream-client.js';

/** What every stream operation gets: the user's client and the pool for blocking reads. */
export interface StreamContext {
  readonly client: StreamClient;
  readonly blocking: BlockingConnections;
  /** Default trim length of `publish` (`Infinity`: never trim). */
  readonly maxLen: number;
  /** The same as a command argument, computed once; `undefined` never trims. */
  readonly maxLenArg: string | undefined;
}

/** Sends on the user's client, or on a dedicated connection when the command blocks. */
export function sendMaybeBlocking(
  context: StreamContext,
  blocks: boolean,
  send: (client: StreamContext['client']) => Promise<unknown>,
): Promise<unknown> {
  return blocks ? context.blocking.run(send) : send(context.client);
}
