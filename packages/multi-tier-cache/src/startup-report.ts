import type { CacheLogger } from '@multi-tier-cache/core';
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
 * What the connection last reported, as ` (connect ECONNREFUSED 127.0.0.1:1)`, or '' when it
 * reported nothing: the socket's or Redis's own words (first line), never a command's retry-limit
 * error.
 */
export function whatHappened(connection: RedisConnection): string {
  const error = connection.lastError;
  if (error === undefined) return '';
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0]!.trim();
  return firstLine === '' ? '' : ` (${firstLine})`;
}
