import type { TracingChannel } from 'node:diagnostics_channel';

/**
 * True when anyone subscribes to any event of one of core's operation channels: one property
 * read (`hasSubscribers`).
 *
 * @example
 * ```ts
 * if (isTraced(diagnosticsChannels.get)) console.log('someone traces reads');
 * ```
 */
export function isTraced(channel: TracingChannel<unknown, object>): boolean {
  return channel.hasSubscribers;
}

/**
 * Runs `run.call(thisArg, arg, context)` traced on `channel`. With no subscriber it is a
 * `hasSubscribers` read and the call itself: no context is built (`contextOf` is not called,
 * `run` gets `undefined`) and the promise `run` returns is returned as is. With subscribers,
 * `contextOf(arg)` builds the context, `run` fills in what it learns (tier, outcome), and Node
 * publishes `start`/`end`/`asyncStart`/`asyncEnd` (and `error`, with `context.error` set).
 * Arguments are passed separately rather than as a closure so that a call site allocates nothing.
 * A `run` that throws synchronously gives a rejected promise.
 *
 * @example
 * ```ts
 * function readTraced(this: Cache, key: string, context: GetContext | undefined) {
 *   const value = this.l1.get(key);
 *   if (context !== undefined) { context.tier = 'l1'; context.outcome = value === undefined ? 'miss' : 'hit'; }
 *   return Promise.resolve(value);
 * }
 * traceOperation(diagnosticsChannels.get, operationContext.get, readTraced, cache, 'user:1');
 * ```
 */
export function traceOperation<Context extends object, This, Arg, Result>(
  channel: TracingChannel<unknown, Context>,
  contextOf: (arg: Arg) => Context,
  run: (this: This, arg: Arg, context: Context | undefined) => Promise<Result>,
  thisArg: This,
  arg: Arg,
): Promise<Result> {
  try {
    if (!channel.hasSubscribers) return run.call(thisArg, arg, undefined);
    const context = contextOf(arg);
    return channel.tracePromise(run, context, thisArg, arg, context);
  } catch (error) {
    // A public async method rejects, never throws: a `run` that throws before returning its
    // promise is turned into a rejection here.
    return Promise.reject(error);
  }
}

/**
 * Runs `run.apply(thisArg, args)` traced on `channel` with a context the caller built: for
 * operations with more than one argument. The caller checks `hasSubscribers` first, so nothing
 * here runs when no one listens. A `run` that throws synchronously gives a rejected promise.
 *
 * @example
 * ```ts
 * if (diagnosticsChannels.set.hasSubscribers) {
 *   return traceCall(diagnosticsChannels.set, operationContext.set(key), write, cache, key, value);
 * }
 * ```
 */
export function traceCall<Context extends object, This, Args extends unknown[], Result>(
  channel: TracingChannel<unknown, Context>,
  context: Context,
  run: (this: This, ...args: Args) => Promise<Result>,
  thisArg: This,
  ...args: Args
): Promise<Result> {
  try {
    return channel.tracePromise(run, context, thisArg, ...args) as Promise<Result>;
  } catch (error) {
    return Promise.reject(error);
  }
}
