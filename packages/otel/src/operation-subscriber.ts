import type { TracingChannel } from 'node:diagnostics_channel';
import type { TracedFields } from '@multi-tier-cache/core';

/** What is known when one traced operation starts. */
export interface OperationStart<Context> {
  readonly context: Context;
  readonly startedAt: number;
}

/** Handlers for one operation's start and finish; `finish` runs once per operation. */
export interface OperationHandlers<Context, State> {
  start(context: Context): State;
  finish(context: Context, state: State, durationMs: number): void;
}

/**
 * Subscribes to a `TracingChannel` and turns its five events into one `start` and one `finish`
 * per operation: `asyncEnd` finishes a settled promise; `end` finishes only a call that threw
 * before returning one. Returns the function that unsubscribes.
 */
export function subscribeOperation<Context extends TracedFields & object, State>(
  channel: TracingChannel<unknown, Context>,
  handlers: OperationHandlers<Context, State>,
): () => void {
  const running = new WeakMap<Context, { state: State; startedAt: number }>();
  const finish = (context: Context) => {
    const entry = running.get(context);
    if (entry === undefined) return;
    running.delete(context);
    handlers.finish(context, entry.state, performance.now() - entry.startedAt);
  };
  const subscribers = {
    start(context: Context) {
      running.set(context, { state: handlers.start(context), startedAt: performance.now() });
    },
    end(context: Context) {
      if ('error' in context) finish(context);
    },
    asyncStart() {},
    asyncEnd: finish,
    error() {},
  };
  channel.subscribe(subscribers);
  return () => channel.unsubscribe(subscribers);
}
