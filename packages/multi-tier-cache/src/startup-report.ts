import type { CacheLogger } from '@multi-tier-cache/core';
import { describeConnectionError } from '@multi-tier-cache/redis-common';
import type { RedisConnection } from './redis-connection.js';

/**
 * The logger `CacheSystem` uses when none is given: warnings and errors to the console, nothing
 * below, so a start without Redis or a tier that keeps failing is seen.
 */
export const consoleLogger: CacheLogger = {
  debug() {},
  info() {},
  warn(object, message) {
    console.warn(`multi-tier-cache: ${message}`, object);
  },
  error(object, message) {
    console.error(`multi-tier-cache: ${message}`, object);
  },
};

/**
 * What the connection last reported, as ` (ECONNREFUSED 127.0.0.1:1: nothing accepts connections
 * there; …)`, or '' when it reported nothing: the socket's or Redis's own words with what to do,
 * never a client's retry-limit error (see `describeConnectionError`).
 */
export function whatHappened(connection: RedisConnection): string {
  const error = connection.lastError;
  if (error === undefined) return '';
  return ` (${describeConnectionError(error, hostOf(connection.url))})`;
}

/** `host:port` of a (redacted) Redis URL, or the text itself when it is not a URL. */
function hostOf(url: string | undefined): string {
  if (url === undefined) return 'Redis';
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
