import { Buffer } from 'node:buffer';
import type { Bus, InvalidationMessage } from '@multi-tier-cache/core';
import { afterEach, describe, expect, test } from 'vitest';
import { recorder, until } from './helpers.js';

/**
 * What every bus must do, run against each transport and deployment. (To be replaced by
 * `busSuite` from @multi-tier-cache/conformance once it is published.)
 */
export function busContract(
  name: string,
  createBuses: (count: number) => Promise<{ buses: Bus[]; close: () => Promise<void> }>,
): void {
  describe(`bus contract: ${name}`, () => {
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

    test('delivers every operation unchanged to every other instance', async () => {
      const [a, b, c] = await open(3);
      const heardB = recorder();
      const heardC = recorder();
      b!.subscribe(heardB);
      c!.subscribe(heardC);
      const sent: InvalidationMessage[] = [
        { type: 'remove', keys: ['user:1'] },
        { type: 'remove', keys: ['bulk:1', 'bulk:2', 'bulk:3'] },
        { type: 'update', key: 'k', value: Uint8Array.from([0, 1, 255, 13, 10]), ttlMs: 60_000 },
        { type: 'pattern', pattern: 'product:*' },
        { type: 'clear' },
      ];
      for (const message of sent) await a!.publish(message);
      await until(
        'both heard all five',
        () => heardB.messages.length === 5 && heardC.messages.length === 5,
      );
      for (const heard of [heardB, heardC]) {
        expect(
          heard.messages.map((m) =>
            m.type === 'update' ? { ...m, value: Buffer.from(m.value).toJSON() } : m,
          ),
        ).toEqual(
          sent.map((m) =>
            m.type === 'update' ? { ...m, value: Buffer.from(m.value).toJSON() } : m,
          ),
        );
      }
    });

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
      expect(a!.stats?.()).toMatchObject({ dropped: { own: 2 } });
    });

    test('stops delivering to a listener that unsubscribed', async () => {
      const [a, b] = await open(2);
      const gone = recorder();
      const stays = recorder();
      const off = b!.subscribe(gone);
      b!.subscribe(stays);
      off();
      await a!.publish({ type: 'clear' });
      await until('the other listener heard it', () => stays.messages.length === 1);
      expect(gone.messages).toEqual([]);
    });

    test('counts sent and received per operation', async () => {
      const [a, b] = await open(2);
      const heard = recorder();
      b!.subscribe(heard);
      await a!.publish({ type: 'remove', keys: ['x'] });
      await a!.publish({ type: 'pattern', pattern: 'x*' });
      await a!.publish({ type: 'pattern', pattern: 'y*' });
      await until('b heard three', () => heard.messages.length === 3);
      expect(a!.stats?.()).toMatchObject({ sent: 3, queueLength: 0, publishErrors: 0 });
      expect(b!.stats?.()).toMatchObject({
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
