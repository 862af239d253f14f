import { afterEach, describe, expect, it } from 'vitest';
import { CacheError } from '../errors.js';
import { diagnosticsChannels } from './channels.js';
import { errorType } from './error-type.js';
import { operationContext, type SetContext } from './operation-contexts.js';
import { subscribeOperation } from './subscribe-operation.js';
import { traceOperation } from './trace-operation.js';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function finishes() {
  const finished: { key: string; state: string; error: unknown; durationMs: number }[] = [];
  stops.push(
    subscribeOperation<SetContext, string>(diagnosticsChannels.set, {
      start: (context) => `started ${context.key}`,
      finish: (context, state, durationMs) =>
        finished.push({ key: context.key, state, error: context.error, durationMs }),
    }),
  );
  return finished;
}

describe('subscribeOperation', () => {
  it('finishes once per resolved operation, handing back what start returned', async () => {
    const finished = finishes();
    await traceOperation(
      diagnosticsChannels.set,
      operationContext.set,
      async () => 1,
      undefined,
      'a',
    );
    expect(finished).toEqual([
      { key: 'a', state: 'started a', error: undefined, durationMs: expect.any(Number) },
    ]);
    expect(finished[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('finishes once per rejected operation, with the error', async () => {
    const finished = finishes();
    const failure = new Error('down');
    await expect(
      traceOperation(
        diagnosticsChannels.set,
        operationContext.set,
        () => Promise.reject(failure),
        undefined,
        'b',
      ),
    ).rejects.toBe(failure);
    expect(finished).toEqual([expect.objectContaining({ key: 'b', error: failure })]);
  });

  it('finishes once when the call throws before returning a promise, which becomes a rejection', async () => {
    const finished = finishes();
    const failure = new Error('sync');
    const throwing = (): Promise<never> => {
      throw failure;
    };
    const traced = traceOperation(
      diagnosticsChannels.set,
      operationContext.set,
      throwing,
      undefined,
      'c',
    );
    await expect(traced).rejects.toBe(failure);
    expect(finished).toEqual([expect.objectContaining({ key: 'c', error: failure })]);
  });

  it('stops finishing after unsubscribing, and an untraced throwing call still rejects', async () => {
    const finished = finishes();
    stops.pop()!();
    const throwing = (): Promise<never> => {
      throw new Error('sync');
    };
    await expect(
      traceOperation(diagnosticsChannels.set, operationContext.set, throwing, undefined, 'd'),
    ).rejects.toThrow('sync');
    expect(finished).toEqual([]);
  });
});

describe('errorType', () => {
  it('names a CacheError by its code and other errors by their class', () => {
    expect(errorType(new CacheError('timeout', 'x'))).toBe('timeout');
    expect(errorType(new TypeError('x'))).toBe('TypeError');
    expect(errorType('text')).toBe('string');
  });
});
