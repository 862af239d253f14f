/**
 * The names core publishes on, stable across releases. A `TracingChannel` name `N` publishes on
 * `tracing:N:start`, `:end`, `:asyncStart`, `:asyncEnd` and `:error`.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(CHANNEL_NAMES.breaker, (message) => console.log(message));
 * ```
 */
export const CHANNEL_NAMES = {
  get: 'multi-tier-cache:get',
  set: 'multi-tier-cache:set',
  getOrCompute: 'multi-tier-cache:getOrCompute',
  delete: 'multi-tier-cache:delete',
  invalidatePattern: 'multi-tier-cache:invalidatePattern',
  clear: 'multi-tier-cache:clear',
  getMany: 'multi-tier-cache:getMany',
  setMany: 'multi-tier-cache:setMany',
  getOrComputeMany: 'multi-tier-cache:getOrComputeMany',
  expire: 'multi-tier-cache:expire',
  deleteByTag: 'multi-tier-cache:deleteByTag',
  promotion: 'multi-tier-cache:promotion',
  breaker: 'multi-tier-cache:breaker',
  busGap: 'multi-tier-cache:bus.gap',
  busReconnect: 'multi-tier-cache:bus.reconnect',
  busDropped: 'multi-tier-cache:bus.dropped',
  tierError: 'multi-tier-cache:tier.error',
} as const;
