import type { Channel, TracingChannel } from 'node:diagnostics_channel';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { CHANNEL_NAMES } from './channel-names.js';
import type {
  ClearContext,
  DeleteByTagContext,
  DeleteContext,
  ExpireContext,
  GetContext,
  GetManyContext,
  GetOrComputeContext,
  GetOrComputeManyContext,
  InvalidatePatternContext,
  SetContext,
  SetManyContext,
} from './operation-contexts.js';

/**
 * The channels core publishes on: a `TracingChannel` per operation and a plain channel per event.
 * Node keys channels by name, so two copies of core in one process share them.
 *
 * @example
 * ```ts
 * diagnosticsChannels.get.subscribe({
 *   start(context) { timers.set(context, performance.now()); },
 *   asyncEnd(context) { record(context.tier, context.outcome, performance.now() - timers.get(context)); },
 * });
 * diagnosticsChannels.breaker.subscribe((message) => alert(message));
 * ```
 */
export const diagnosticsChannels: {
  readonly get: TracingChannel<unknown, GetContext>;
  readonly set: TracingChannel<unknown, SetContext>;
  readonly getOrCompute: TracingChannel<unknown, GetOrComputeContext>;
  readonly delete: TracingChannel<unknown, DeleteContext>;
  readonly invalidatePattern: TracingChannel<unknown, InvalidatePatternContext>;
  readonly clear: TracingChannel<unknown, ClearContext>;
  readonly getMany: TracingChannel<unknown, GetManyContext>;
  readonly setMany: TracingChannel<unknown, SetManyContext>;
  readonly getOrComputeMany: TracingChannel<unknown, GetOrComputeManyContext>;
  readonly expire: TracingChannel<unknown, ExpireContext>;
  readonly deleteByTag: TracingChannel<unknown, DeleteByTagContext>;
  readonly promotion: Channel;
  readonly breaker: Channel;
  readonly busGap: Channel;
  readonly busReconnect: Channel;
  readonly busDropped: Channel;
  readonly tierError: Channel;
} = {
  get: tracing(CHANNEL_NAMES.get),
  set: tracing(CHANNEL_NAMES.set),
  getOrCompute: tracing(CHANNEL_NAMES.getOrCompute),
  delete: tracing(CHANNEL_NAMES.delete),
  invalidatePattern: tracing(CHANNEL_NAMES.invalidatePattern),
  clear: tracing(CHANNEL_NAMES.clear),
  getMany: tracing(CHANNEL_NAMES.getMany),
  setMany: tracing(CHANNEL_NAMES.setMany),
  getOrComputeMany: tracing(CHANNEL_NAMES.getOrComputeMany),
  expire: tracing(CHANNEL_NAMES.expire),
  deleteByTag: tracing(CHANNEL_NAMES.deleteByTag),
  promotion: diagnosticsChannel.channel(CHANNEL_NAMES.promotion),
  breaker: diagnosticsChannel.channel(CHANNEL_NAMES.breaker),
  busGap: diagnosticsChannel.channel(CHANNEL_NAMES.busGap),
  busReconnect: diagnosticsChannel.channel(CHANNEL_NAMES.busReconnect),
  busDropped: diagnosticsChannel.channel(CHANNEL_NAMES.busDropped),
  tierError: diagnosticsChannel.channel(CHANNEL_NAMES.tierError),
};

function tracing<Context extends object>(name: string): TracingChannel<unknown, Context> {
  const channel = diagnosticsChannel.tracingChannel<unknown, Context>(name);
  if (!('hasSubscribers' in channel)) {
    // Node 20 before 20.13 lacks TracingChannel#hasSubscribers; publish sites read only that
    // property, so these instances get it.
    const { start, end, asyncStart, asyncEnd, error } = channel as TracingChannel<unknown, Context>;
    Object.defineProperty(channel, 'hasSubscribers', {
      get: () =>
        start.hasSubscribers ||
        end.hasSubscribers ||
        asyncStart.hasSubscribers ||
        asyncEnd.hasSubscribers ||
        error.hasSubscribers,
    });
  }
  return channel;
}
