import type { TracingChannel } from 'node:diagnostics_channel';
import type { TracedFields } from './operation-contexts.js';

/**
 * Handlers of {@link subscribeOperation}: `start` returns what `finish` gets back (a span, a
 * timer); `finish` runs once per operation with its duration.
 *
 * @example
 * ```ts
 * const handlers: OperationHandlers<GetContext, undefined> = {
 *   start: () => undefined,
 *   finish: (context, _state, durationMs) => histogram.observe(durationMs),
 * };
 * ```
 */
export interface OperationHandlers<Context, State> {
  start(context: Context): State;
  finish(context: Context, state: State, durationMs: number): void;
}

/**
 * Subscribes to one of core's operation channels and turns its five events into one `start` and
 * one `finish` per operation: `asyncEnd` finishes a settled promise; `end` finishes only a call
 * that threw before returning one. Returns the function that unsubscribes. Exporters build on it.
 *
 * @example
 * ```ts
 * const stop = subscribeOperation(diagnosticsChannels.get, {
 *   start: () => undefined,
 *   finish: (context, _state, durationMs) => console.log(context.key, context.outcome, durationMs),
 * });
 * stop();
 * ```
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
