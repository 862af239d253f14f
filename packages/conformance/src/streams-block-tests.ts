import { type StreamsTest, track } from './streams-context.js';
import { waitFor } from './wait-for.js';

/** Long enough that a wait ending by itself would fail the test, not pass it by accident. */
const LONG_BLOCK_MS = 20_000;

/** Lets a blocking read reach the server before the test goes on. */
const settleMs = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Blocking reads and close: the tests every streams backend runs (close when it has one). */
export const streamsBlockTests: readonly StreamsTest[] = [
  {
    id: 'streams.block.waits-for-entry',
    name: 'a blocking read waits for the next entry and resolves with it',
    async run({ expect, streams, stream }) {
      const name = stream();
      const first = await streams.publish(name, { n: '1' });
      const waiting = track(streams.read(name, { lastId: first, blockMs: LONG_BLOCK_MS }));
      await settleMs();
      expect(waiting.settled()).toBe(false);
      const second = await streams.publish(name, { n: '2' });
      expect(await waiting.promise).toEqual([{ id: second, fields: { n: '2' } }]);
    },
  },
  {
    id: 'streams.block.times-out-empty',
    name: 'a blocking read that sees no entry resolves to [] when blockMs ends',
    async run({ expect, streams, stream }) {
      const name = stream();
      const only = await streams.publish(name, { n: '1' });
      expect(await streams.read(name, { lastId: only, blockMs: 100 })).toEqual([]);
    },
  },
  {
    id: 'streams.block.dollar-only-new',
    name: "a blocking read from '$' delivers an entry published right after the call, and no older one",
    async run({ expect, streams, stream }) {
      const name = stream();
      await streams.publish(name, { n: 'old' });
      const waiting = streams.read(name, { lastId: '$', blockMs: LONG_BLOCK_MS });
      const id = await streams.publish(name, { n: 'new' });
      expect(await waiting).toEqual([{ id, fields: { n: 'new' } }]);
    },
  },
  {
    id: 'streams.block.others-go-on',
    name: 'other calls and other blocking reads go on while a read blocks',
    async run({ expect, streams, stream }) {
      const [a, b, c] = [stream('a'), stream('b'), stream('c')];
      const waitingA = track(streams.read(a, { lastId: '$', blockMs: LONG_BLOCK_MS }));
      const waitingB = track(streams.read(b, { lastId: '$', blockMs: LONG_BLOCK_MS }));
      await settleMs();
      const onC = await streams.publish(c, { n: '1' });
      expect((await streams.readLatest(c, 1)).map((entry) => entry.id)).toEqual([onC]);
      expect(waitingA.settled() || waitingB.settled()).toBe(false);
      const onB = await streams.publish(b, { n: 'b' });
      expect((await waitingB.promise).map((entry) => entry.id)).toEqual([onB]);
      expect(waitingA.settled()).toBe(false);
      const onA = await streams.publish(a, { n: 'a' });
      expect((await waitingA.promise).map((entry) => entry.id)).toEqual([onA]);
    },
  },
  {
    id: 'streams.close.rejects-after',
    name: 'after close every call rejects, and closing again resolves',
    ruledOutBy: ({ close }) => (close ? undefined : 'the backend has no close()'),
    async run({ expect, streams, stream }) {
      const name = stream();
      await streams.publish(name, { n: '1' });
      await streams.close?.();
      for (const [what, call] of [
        ['publish', () => streams.publish(name, { n: '2' })],
        ['readLatest', () => streams.readLatest(name, 1)],
        ['read', () => streams.read(name)],
      ] as const) {
        let outcome: Promise<unknown>;
        try {
          outcome = call();
        } catch (error) {
          throw new Error(`${what} after close threw synchronously: ${String(error)}`);
        }
        expect(
          await outcome.then(
            () => 'resolved',
            () => 'rejected',
          ),
        ).toBe('rejected');
      }
      await streams.close?.();
    },
  },
  {
    id: 'streams.close.ends-blocking-read',
    name: 'close settles a read that blocks without a time limit',
    ruledOutBy: ({ close }) => (close ? undefined : 'the backend has no close()'),
    async run({ expect, streams, stream }) {
      const name = stream();
      const only = await streams.publish(name, { n: '1' });
      const waiting = track(streams.read(name, { lastId: only, blockMs: 0 }));
      await settleMs();
      expect(waiting.settled()).toBe(false);
      await streams.close?.();
      await waitFor(() => waiting.settled(), 'the blocking read to settle after close');
    },
  },
];
