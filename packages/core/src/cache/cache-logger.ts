/**
 * A pino-compatible logger: pino, a pino child, or any object with these four methods. The cache
 * logs state changes only (a tier's breaker opening or closing, a bus gap), never per call.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const cache = createCache({ l2: [redis], logger: pino().child({ component: 'cache' }) });
 * ```
 */
export interface CacheLogger {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** Calls `logger[level]`, never letting a throwing logger break the cache. */
export function log(
  logger: CacheLogger | undefined,
  level: keyof CacheLogger,
  object: Record<string, unknown>,
  message: string,
): void {
  if (logger === undefined) return;
  try {
    logger[level](object, message);
  } catch {}
}

/** An error as a log field: its message and code, never the object (which may hold a client). */
export function errorField(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return code === undefined ? { message: error.message } : { message: error.message, code };
  }
  return { message: String(error) };
}
