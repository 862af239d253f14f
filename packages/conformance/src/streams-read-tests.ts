import { utf8 } from './bytes.js';
import { compareIds, publishNumbered, type StreamsTest } from './streams-context.js';

const ID = /^\d+-\d+$/;

/** Calls `operation` and returns its rejection; fails if it throws synchronously or resolves. */
async function rejection(operation: () => Promise<unknown>, what: string): Promise<unknown> {
  let pending: Promise<unknown>;
  try {
    pending = operation();
  } catch (error) {
    throw new Error(`${what} threw synchronously instead of rejecting: ${String(error)}`);
  }
  return pending.then(
    () => {
      throw new Error(`${what} resolved; it should reject`);
    },
    (error: unknown) => error,
  );
}

/** Publishing, reading back and trimming: the tests every streams backend runs. */
export const streamsReadTests: readonly StreamsTest[] = [
  {
    id: 'streams.publish.returns-id',
    name: 'publish resolves to the new entry id, increasing with each entry',
    async run({ expect, streams, stream }) {
      const name = stream();
      const first = await streams.publish(name, { n: '1' });
      const second = await streams.publish(name, { n: '2' });
      expect(ID.test(first)).toBe(true);
      expect(ID.test(second)).toBe(true);
      expect(compareIds(first, second)).toBe(-1);
    },
  },
  {
    id: 'streams.publish.fields-intact',
    name: 'keeps field names and values intact: unicode, empty strings and UTF-8 bytes',
    async run({ expect, streams, stream }) {
      const name = stream();
      const id = await streams.publish(name, {
        type: 'login',
        'clé 🔑': '键 🔑 value',
        empty: '',
        bytes: utf8('héllo'),
        'a:b*c': '[x]',
      });
      expect(await streams.readLatest(name, 1)).toEqual([
        {
          id,
          fields: {
            type: 'login',
            'clé 🔑': '键 🔑 value',
            empty: '',
            bytes: 'héllo',
            'a:b*c': '[x]',
          },
        },
      ]);
    },
  },
  {
    id: 'streams.read.proto-field-is-data',
    name: 'reads a field named __proto__ as a plain field, never as the prototype',
    async run({ expect, streams, stream }) {
      const name = stream();
      await streams.publish(
        name,
        Object.fromEntries([
          ['__proto__', 'polluted'],
          ['safe', 'yes'],
        ]),
      );
      const [entry] = await streams.read(name);
      const fields = entry?.fields ?? {};
      expect(
        Object.getPrototypeOf(fields) === Object.prototype ||
          Object.getPrototypeOf(fields) === null,
      ).toBe(true);
      expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('polluted');
      expect(fields.safe).toBe('yes');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  },
  {
    id: 'streams.read-latest.newest-first',
    name: 'readLatest returns the newest count entries, newest first',
    async run({ expect, streams, stream }) {
      const name = stream();
      const ids = await publishNumbered(streams, name, 5);
      const latest = await streams.readLatest(name, 3);
      expect(latest.map((entry) => entry.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect(latest.map((entry) => entry.fields.n)).toEqual(['5', '4', '3']);
      expect(await streams.readLatest(name, 10)).toEqual(
        ids.map((id, i) => ({ id, fields: { n: String(i + 1) } })).reverse(),
      );
    },
  },
  {
    id: 'streams.read-latest.missing-stream',
    name: 'readLatest of a stream that does not exist resolves to []',
    async run({ expect, streams, stream }) {
      expect(await streams.readLatest(stream('missing'), 10)).toEqual([]);
    },
  },
  {
    id: 'streams.read.from-start',
    name: 'read without a lastId returns every entry, oldest first',
    async run({ expect, streams, stream }) {
      const name = stream();
      const ids = await publishNumbered(streams, name, 3);
      expect(await streams.read(name)).toEqual([
        { id: ids[0], fields: { n: '1' } },
        { id: ids[1], fields: { n: '2' } },
        { id: ids[2], fields: { n: '3' } },
      ]);
    },
  },
  {
    id: 'streams.read.after-last-id',
    name: 'read returns only entries after lastId, at most count of them',
    async run({ expect, streams, stream }) {
      const name = stream();
      const ids = await publishNumbered(streams, name, 5);
      const after = await streams.read(name, { lastId: ids[1] });
      expect(after.map((entry) => entry.id)).toEqual(ids.slice(2));
      const firstTwo = await streams.read(name, { lastId: '0', count: 2 });
      expect(firstTwo.map((entry) => entry.id)).toEqual(ids.slice(0, 2));
      expect(await streams.read(name, { lastId: ids[4] })).toEqual([]);
    },
  },
  {
    id: 'streams.read.missing-stream',
    name: 'read of a stream that does not exist resolves to []',
    async run({ expect, streams, stream }) {
      expect(await streams.read(stream('missing'))).toEqual([]);
    },
  },
  {
    id: 'streams.trim.exact',
    name: 'publish with an exact maxLen leaves exactly maxLen entries, the newest',
    async run({ expect, streams, stream }) {
      const name = stream();
      const ids = await publishNumbered(streams, name, 20);
      const last = await streams.publish(name, { n: '21' }, { maxLen: 5, exact: true });
      const left = await streams.read(name, { count: 1000 });
      expect(left.map((entry) => entry.id)).toEqual([...ids.slice(16), last]);
    },
  },
  {
    id: 'streams.trim.approximate',
    name: 'publish with maxLen trims to about maxLen entries, never fewer',
    async run({ expect, streams, stream }) {
      const name = stream();
      const ids = await publishNumbered(streams, name, 250, { maxLen: 100 });
      const left = await streams.read(name, { count: 1000 });
      expect(left.length).toBeGreaterThanOrEqual(100);
      expect(left.length < ids.length).toBe(true);
      expect(left.at(-1)?.id).toBe(ids.at(-1));
    },
  },
  {
    id: 'streams.errors.reject-not-throw',
    name: 'rejects an entry without fields and a malformed id, never throwing synchronously',
    async run({ expect, streams, stream }) {
      const name = stream();
      await streams.publish(name, { n: '1' });
      expect(await rejection(() => streams.publish(name, {}), 'publish with no fields')).toBeTypeOf(
        'object',
      );
      expect(
        await rejection(
          () => streams.read(name, { lastId: 'not-an-id' }),
          'read after a malformed id',
        ),
      ).toBeTypeOf('object');
      expect((await streams.readLatest(name, 10)).length).toBe(1);
    },
  },
];
