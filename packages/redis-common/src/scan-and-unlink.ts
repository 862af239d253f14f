import { groupKeysBySlot } from './group-keys.js';

/**
 * One Redis command, as both clients send it: name then arguments.
 *
 * @example
 * ```ts
 * const command: RedisCommand = ['UNLINK', 'mtc:a', 'mtc:b'];
 * ```
 */
export type RedisCommand = readonly (string | Buffer)[];

/**
 * Sends one command to one server and resolves to its reply (bulk strings as Buffers or strings).
 *
 * @example
 * ```ts
 * const send: SendCommand = (command) => redis.callBuffer(String(command[0]), ...command.slice(1));
 * ```
 */
export type SendCommand = (command: RedisCommand) => Promise<unknown>;

/**
 * Options of {@link scanAndUnlink}.
 *
 * @example
 * ```ts
 * const options: ScanAndUnlinkOptions = { count: 1000, clustered: true };
 * ```
 */
export interface ScanAndUnlinkOptions {
  /** Keys asked for per SCAN step. @default 1000 */
  readonly count?: number;
  /** The server is a Cluster master: each UNLINK stays within one hash slot. @default false */
  readonly clustered?: boolean;
}

/**
 * Removes every key of one server matching `pattern`: `SCAN cursor MATCH pattern COUNT count`,
 * then UNLINK of each page (one UNLINK per hash slot on a Cluster master, where a multi-slot
 * UNLINK is CROSSSLOT). Resolves to the number of keys removed. Never FLUSHDB: other keys stay.
 * Takes a send function rather than a client, so every client and topology shares it.
 *
 * @example
 * ```ts
 * const removed = await scanAndUnlink((command) => client.sendCommand(command), 'mtc:user:*');
 * ```
 */
export async function scanAndUnlink(
  send: SendCommand,
  pattern: string,
  options: ScanAndUnlinkOptions = {},
): Promise<number> {
  const count = String(options.count ?? 1000);
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = (await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', count])) as [
      Buffer | string,
      (Buffer | string)[],
    ];
    cursor = next.toString();
    if (keys.length === 0) continue;
    if (options.clustered !== true) {
      removed += Number(await send(['UNLINK', ...keys]));
      continue;
    }
    const counts = await Promise.all(
      groupKeysBySlot(keys).map((group) => send(['UNLINK', ...group.keys])),
    );
    for (const n of counts) removed += Number(n);
  } while (cursor !== '0');
  return removed;
}
