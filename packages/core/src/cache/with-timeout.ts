import { CacheError } from '../errors.js';

/**
 * Settles like `promise`, or rejects with `CacheError('timeout')` after `ms` milliseconds. The
 * late result of the original promise is ignored (a late rejection never goes unhandled).
 *
 * @example
 * ```ts
 * const entry = await withTimeout(store.get(key), 500, 'redis.get');
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new CacheError('timeout', `${operation} did not answer within ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
