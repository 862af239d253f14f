import type { InvalidationMessage } from '@multi-tier-cache/core';
import { type BusTest, plain, record } from './bus-context.js';
import { waitFor } from './wait-for.js';

function binaryValue(): Uint8Array {
  const value = new Uint8Array(300);
  for (let i = 0; i < value.length; i++) value[i] = (i * 7) % 256;
  return value;
}

/** Each operation type, as the cache publishes it, to check it arrives intact. */
const samples: Record<string, InvalidationMessage> = {
  remove: { type: 'remove', keys: ['user:1', 'user:2', '键 🔑', 'a:b*c'] },
  update: { type: 'update', key: 'user:1', value: binaryValue(), ttlMs: 60_000 },
  pattern: { type: 'pattern', pattern: 'user:[ab]?*' },
  clear: { type: 'clear' },
  expire: { type: 'expire', keys: ['user:1', '键 🔑', 'a:b*c'] },
  tags: { type: 'tags', tags: ['product:7', 'user:42', '🏷'], at: 1_700_000_000_123.5 },
  namespace: { type: 'namespace', prefix: 'users:admins:', at: 1_700_000_000_456.25 },
};

function deliversIntact(type: keyof typeof samples & string): BusTest {
  return {
    id: `bus.deliver.${type}-intact`,
    name: `delivers ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} message intact`,
    async run({ expect, buses }) {
      const [a, b] = await buses(2);
      const receiver = record(b!);
      await a!.publish(samples[type]!);
      await waitFor(() => receiver.messages.length > 0, `the ${type} message to arrive`);
      expect(plain(receiver.messages[0])).toEqual(plain(samples[type]));
    },
  };
}

/** Every test of `busSuite`, in the order they run. */
export const busTests: readonly BusTest[] = [
  {
    id: 'bus.deliver.others-only',
    name: 'delivers to every other bus, never back to the sender',
    async run({ expect, buses }) {
      const [a, b, c] = await buses(3);
      const [atA, atB, atC] = [record(a!), record(b!), record(c!)];
      const first: InvalidationMessage = { type: 'remove', keys: ['from-a'] };
      await a!.publish(first);
      await waitFor(
        () => atB.messages.length > 0 && atC.messages.length > 0,
        'the message from A to reach B and C',
      );
      expect(plain(atB.messages[0])).toEqual(plain(first));
      expect(plain(atC.messages[0])).toEqual(plain(first));
      // A message from B reaching A shows A is receiving; A's own message must not be there.
      const second: InvalidationMessage = { type: 'remove', keys: ['from-b'] };
      await b!.publish(second);
      await waitFor(() => atA.messages.length > 0, 'the message from B to reach A');
      expect(atA.messages.map(plain)).toEqual([plain(second)]);
      await waitFor(() => atC.messages.length > 1, 'the message from B to reach C');
      expect(atB.messages.map(plain)).toEqual([plain(first)]);
    },
  },
  deliversIntact('remove'),
  deliversIntact('update'),
  deliversIntact('pattern'),
  deliversIntact('clear'),
  deliversIntact('expire'),
  deliversIntact('tags'),
  deliversIntact('namespace'),
  {
    id: 'bus.deliver.every-listener',
    name: 'delivers to every listener subscribed on a bus',
    async run({ expect, buses }) {
      const [a, b] = await buses(2);
      const [one, two] = [record(b!), record(b!)];
      await a!.publish({ type: 'clear' });
      await waitFor(
        () => one.messages.length > 0 && two.messages.length > 0,
        'both listeners to receive the message',
      );
      expect(one.messages.length).toBe(1);
      expect(two.messages.length).toBe(1);
    },
  },
  {
    id: 'bus.unsubscribe.stops',
    name: 'unsubscribe stops delivery to that listener',
    async run({ expect, buses }) {
      const [a, b] = await buses(2);
      const [gone, staying] = [record(b!), record(b!)];
      gone.unsubscribe();
      await a!.publish({ type: 'remove', keys: ['k'] });
      await waitFor(() => staying.messages.length > 0, 'the remaining listener to receive');
      expect(gone.messages).toEqual([]);
    },
  },
  {
    id: 'bus.order.per-publisher',
    name: 'delivers 500 messages in order per publisher',
    async run({ expect, buses }) {
      const [a, b, c] = await buses(3);
      const receiver = record(b!);
      const publishes: Promise<void>[] = [];
      for (let i = 0; i < 250; i++) {
        publishes.push(a!.publish({ type: 'remove', keys: [`a:${i}`] }));
        publishes.push(c!.publish({ type: 'remove', keys: [`c:${i}`] }));
      }
      await Promise.all(publishes);
      await waitFor(() => receiver.messages.length >= 500, '500 messages to arrive', 15_000);
      const keys = receiver.messages.map((m) => (m.type === 'remove' ? m.keys[0]! : m.type));
      const expected = (from: string) => Array.from({ length: 250 }, (_, i) => `${from}:${i}`);
      expect(keys.filter((key) => key.startsWith('a:'))).toEqual(expected('a'));
      expect(keys.filter((key) => key.startsWith('c:'))).toEqual(expected('c'));
      expect(keys.length).toBe(500);
    },
  },
  {
    id: 'bus.close.stops',
    name: 'close resolves and stops delivery to its listeners',
    async run({ expect, buses }) {
      const [a, b, c] = await buses(3);
      const [atB, atC] = [record(b!), record(c!)];
      await b!.close();
      await a!.publish({ type: 'remove', keys: ['after-close'] });
      await waitFor(() => atC.messages.length > 0, 'an open bus to receive the message');
      expect(atB.messages).toEqual([]);
    },
  },
  {
    id: 'bus.reconnect.notifies',
    name: 'calls onReconnect after a reconnect',
    ruledOutBy: (capabilities) =>
      capabilities.reconnect ? undefined : 'no reconnect option given',
    async run({ expect, buses, reconnect }) {
      const [, b] = await buses(2);
      const listener = record(b!);
      await reconnect!(b!);
      await waitFor(() => listener.reconnects > 0, 'onReconnect to be called');
      expect(listener.reconnects).toBeGreaterThan(0);
    },
  },
  {
    id: 'bus.reconnect.delivers',
    name: 'delivers messages again after a reconnect',
    ruledOutBy: (capabilities) =>
      capabilities.reconnect ? undefined : 'no reconnect option given',
    async run({ expect, buses, reconnect }) {
      const [a, b] = await buses(2);
      const listener = record(b!);
      await reconnect!(b!);
      await waitFor(() => listener.reconnects > 0, 'onReconnect to be called');
      const message: InvalidationMessage = { type: 'remove', keys: ['after-reconnect'] };
      await a!.publish(message);
      await waitFor(() => listener.messages.length > 0, 'a message published after reconnect');
      expect(plain(listener.messages.at(-1))).toEqual(plain(message));
    },
  },
];
