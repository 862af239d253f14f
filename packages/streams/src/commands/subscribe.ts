import { isCacheError } from '@multi-tier-cache/core';
import type { DedicatedStreamClient } from '../client/stream-client.js';
import type { StreamContext } from '../context.js';
import type { SubscribeOptions } from '../options.js';
import { errorText } from '../reply.js';
import type { StreamEntry } from '../streaming-backend.js';
import { assertName } from '../validate.js';
import { createGroup } from './create-group.js';
import { readArgs, sendRead } from './read.js';
import { readGroupArgs, sendReadGroup } from './read-group.js';
import { newestId } from './read-latest.js';

/** Errors that another attempt cannot fix: wrong type, bad arguments, no permission. */
const FATAL = /^(WRONGTYPE|ERR|NOPERM|NOAUTH|WRONGPASS)\b/;
const MAX_BACKOFF_MS = 1000;

/**
 * An async iterator over a stream's entries, read with blocking reads on a connection of its own.
 * Plain mode (no `group`) resumes after the last id it delivered; group mode re-reads this
 * consumer's pending entries, then new ones. Ends when `signal` aborts.
 */
export function subscribe(
  context: StreamContext,
  stream: string,
  options: SubscribeOptions,
  closing: AbortSignal,
): AsyncIterableIterator<StreamEntry> {
  const { group, consumer, blockMs = 5000, count = 100 } = options;
  if (group !== undefined || consumer !== undefined) {
    assertName('group', group);
    assertName('consumer', consumer);
    readGroupArgs(stream, group, consumer, { count, blockMs });
  } else {
    readArgs(stream, { lastId: options.lastId ?? '$', count, blockMs });
  }
  // A signal of its own, so ending this subscription leaves no listener on the backend's signal.
  const signal = AbortSignal.any(options.signal ? [options.signal, closing] : [closing]);
  const settings = { ...options, blockMs, count };
  return group === undefined
    ? plainEntries(context, stream, settings, signal)
    : groupEntries(context, stream, settings, signal);
}

type Settings = SubscribeOptions & { readonly blockMs: number; readonly count: number };

async function* plainEntries(
  context: StreamContext,
  stream: string,
  settings: Settings,
  signal: AbortSignal,
): AsyncGenerator<StreamEntry, void, undefined> {
  const connection = await open(context, signal);
  if (!connection) return;
  try {
    let lastId = settings.lastId ?? '$';
    if (lastId === '$') lastId = await newestId(connection, stream);
    let failures = 0;
    while (!signal.aborted) {
      let entries: StreamEntry[];
      try {
        const args = readArgs(stream, { lastId, count: settings.count, blockMs: settings.blockMs });
        entries = (await sendRead(connection, stream, args, false)) as StreamEntry[];
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (FATAL.test(errorText(error))) throw error;
        await pause(backoff(++failures), signal);
        continue;
      }
      for (const entry of entries) {
        lastId = entry.id;
        yield entry;
        if (signal.aborted) return;
      }
    }
  } finally {
    connection.destroy();
  }
}

async function* groupEntries(
  context: StreamContext,
  stream: string,
  settings: Settings,
  signal: AbortSignal,
): AsyncGenerator<StreamEntry, void, undefined> {
  const group = settings.group as string;
  const consumer = settings.consumer as string;
  const groupOptions = { startId: settings.groupStartId ?? '$' };
  const connection = await open(context, signal);
  if (!connection) return;
  try {
    await createGroup(connection, stream, group, groupOptions);
    // '0' walks this consumer's pending entries (delivered before a crash or restart, not acked);
    // '>' then asks for entries never delivered to the group.
    let cursor = '0';
    let failures = 0;
    while (!signal.aborted) {
      let entries: StreamEntry[];
      try {
        const blocks = cursor === '>';
        const args = readGroupArgs(stream, group, consumer, {
          id: cursor,
          count: settings.count,
          ...(blocks ? { blockMs: settings.blockMs } : {}),
        });
        entries = (await sendReadGroup(connection, stream, group, args, false)) as StreamEntry[];
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (!isCacheError(error) && FATAL.test(errorText(error))) throw error;
        await pause(backoff(++failures), signal);
        if (isCacheError(error, 'invalid-value')) {
          // NOGROUP: the group vanished (Redis restarted without persistence); create it again.
          await createGroup(connection, stream, group, groupOptions).catch(() => false);
        }
        cursor = '0';
        continue;
      }
      if (cursor !== '>') cursor = entries.at(-1)?.id ?? '>';
      for (const entry of entries) {
        yield entry;
        if (signal.aborted) return;
      }
    }
  } finally {
    connection.destroy();
  }
}

async function open(
  context: StreamContext,
  signal: AbortSignal,
): Promise<DedicatedStreamClient | undefined> {
  if (signal.aborted) return undefined;
  const connection = await context.client.duplicate();
  if (!signal.aborted) {
    signal.addEventListener('abort', () => connection.destroy(), { once: true });
    return connection;
  }
  connection.destroy();
  return undefined;
}

function backoff(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 25 * 2 ** failures);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
