import { afterEach, describe, expect, test } from 'vitest';
import type { RedisBus } from '../src/index.js';
import { recorder, until } from './helpers.js';

/**
 * redisBus behaviour beyond the conformance suite (counters, close), run on each transport.
 */
export function busBehaviour(
  name: string,
  createBuses: (count: number) => Promise<{ buses: RedisBus[]; close: () => Promise<void> }>,
): void {
  describe(`redisBus: ${name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });
    const open = async (count: number) => {
      const made = await createBuses(count);
      cleanup = made.close;
      return made.buses;
    };

    test('never delivers an instance its own messages', async () => {
      const [a, b] = await open(2);
      const heardA = recorder();
      const heardB = recorder();
      a!.subscribe(heardA);
      b!.subscribe(heardB);
      await a!.publish({ type: 'remove', keys: ['from-a'] });
      await b!.publish({ type: 'remove', keys: ['from-b'] });
      await until(
        'each heard the other',
        () => heardA.messages.length > 0 && heardB.messages.length > 0,
      );
      await a!.publish({ type: 'remove', keys: ['from-a-2'] });
      await until('b heard the second', () => heardB.messages.length === 2);
      expect(heardA.messages).toEqual([{ type: 'remove', keys: ['from-b'] }]);
      expect(heardB.messages).toEqual([
        { type: 'remove', keys: ['from-a'] },
        { type: 'remove', keys: ['from-a-2'] },
      ]);
      // A's own echoes arrive on its own subscriber connection, in their own time.
      await until(
        'A dropped both echoes',
        () =>
          a!.stats().dropped !== undefined &&
          (a!.stats() as { dropped: { own: number } }).dropped.own === 2,
      );
      expect(heardA.messages).toEqual([{ type: 'remove', keys: ['from-b'] }]);
    });

    test('counts sent and received per operation', async () => {
      const [a, b] = await open(2);
      const heard = recorder();
      b!.subscribe(heard);
      await a!.publish({ type: 'remove', keys: ['x'] });
      await a!.publish({ type: 'pattern', pattern: 'x*' });
      await a!.publish({ type: 'pattern', pattern: 'y*' });
      await until('b heard three', () => heard.messages.length === 3);
      expect(a!.stats()).toMatchObject({ sent: 3, queueLength: 0, publishErrors: 0 });
      expect(b!.stats()).toMatchObject({
        received: { remove: 1, pattern: 2, update: 0, clear: 0 },
      });
    });

    test('refuses to publish after close', async () => {
      const [a] = await open(1);
      await a!.close();
      await expect(a!.publish({ type: 'clear' })).rejects.toThrow(/closed/);
    });
  });
}
