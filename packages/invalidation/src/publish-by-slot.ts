/**
 * On a Cluster, a plain PUBLISH goes to a random node and two messages from one instance can
 * arrive in the wrong order. Publishing from a script keyed by the channel always goes through the
 * node owning the channel's slot, which keeps one instance's messages in order.
 *
 * @example
 * ```ts
 * await cluster.eval(PUBLISH_BY_SLOT, 1, channel, payload);
 * ```
 */
export const PUBLISH_BY_SLOT = "return redis.call('PUBLISH', KEYS[1], ARGV[1])";
