import { CacheError } from '../errors.js';

/**
 * Lets one caller stop waiting for `promise` when `signal` aborts, without cancelling the work
 * others may still be waiting for.
 *
 * @example
 * ```ts
 * const value = await abortable(flight, AbortSignal.timeout(100));
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function abortError(signal: AbortSignal): CacheError {
  return new CacheError('aborted', 'stopped waiting: the AbortSignal was aborted', {
    cause: signal.reason,
  });
}
