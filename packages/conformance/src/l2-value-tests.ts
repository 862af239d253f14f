import { describeBytes, sameBytes, utf8 } from './bytes.js';
import type { L2Test } from './l2-context.js';

const ONE_MIB = 1024 * 1024;
/** Above this a declared maxValueBytes is not exercised (the test would allocate too much). */
const LARGEST_TESTED = 8 * ONE_MIB;

function patterned(length: number): Uint8Array {
  const value = new Uint8Array(length);
  for (let i = 0; i < value.length; i++) value[i] = (i * 31 + 7) % 256;
  return value;
}

/** Binary and large values; unicode and unusual keys. */
export const l2ValueTests: readonly L2Test[] = [
  {
    id: 'l2.value.all-bytes',
    name: 'stores all 256 byte values',
    async run({ expect, open }) {
      const store = await open();
      const value = new Uint8Array(512);
      for (let i = 0; i < value.length; i++) value[i] = i % 256;
      await store.set('binary', value, 60_000);
      const read = (await store.get('binary'))?.value;
      expect(sameBytes(read, value), describeBytes(read)).toBe(true);
    },
  },
  {
    id: 'l2.value.empty',
    name: 'stores an empty value as present',
    async run({ expect, open }) {
      const store = await open();
      await store.set('empty', new Uint8Array(0), 60_000);
      const entry = await store.get('empty');
      expect(entry).not.toBeUndefined();
      expect(entry?.value.length).toBe(0);
      const [fromMany] = await store.getMany(['empty']);
      expect(fromMany?.value.length).toBe(0);
    },
  },
  {
    id: 'l2.value.one-mib',
    name: 'stores a 1 MiB value',
    ruledOutBy: ({ maxValueBytes }) =>
      maxValueBytes !== undefined && maxValueBytes < ONE_MIB
        ? `maxValueBytes is ${maxValueBytes}, below 1 MiB`
        : undefined,
    async run({ expect, open }) {
      const store = await open();
      const value = patterned(ONE_MIB);
      await store.set('large', value, 60_000);
      const read = (await store.get('large'))?.value;
      expect(sameBytes(read, value), describeBytes(read)).toBe(true);
    },
  },
  {
    id: 'l2.value.max-bytes',
    name: 'stores a value of exactly maxValueBytes',
    ruledOutBy: ({ maxValueBytes }) =>
      maxValueBytes === undefined
        ? 'the store declares no maxValueBytes'
        : maxValueBytes > LARGEST_TESTED
          ? `maxValueBytes is ${maxValueBytes}, above the 8 MiB this suite allocates`
          : undefined,
    async run({ expect, open }) {
      const store = await open();
      const value = patterned(store.maxValueBytes!);
      await store.set('at-limit', value, 60_000);
      const read = (await store.get('at-limit'))?.value;
      expect(sameBytes(read, value), describeBytes(read)).toBe(true);
    },
  },
  {
    id: 'l2.key.unicode',
    name: 'unicode keys are distinct and round-trip',
    async run({ expect, open }) {
      const store = await open();
      const keys = ['🔑', '🔑🔑', '键', '鍵', 'キー', '\u00e9', 'e\u0301', '\u2126', '\u03a9'];
      for (const [i, key] of keys.entries()) await store.set(key, utf8(String(i)), 60_000);
      const entries = await store.getMany(keys);
      const read = entries.map((entry) => entry && new TextDecoder().decode(entry.value));
      expect(read).toEqual(keys.map((_, i) => String(i)));
      expect(await store.delete(['e\u0301'])).toBe(1);
      expect(sameBytes((await store.get('\u00e9'))?.value, utf8('5'))).toBe(true);
    },
  },
  {
    id: 'l2.key.literal',
    name: 'keys with spaces, colons and glob characters are literal keys',
    async run({ expect, open }) {
      const store = await open();
      const keys = ['a b', 'a:b', 'a::b', 'a*', 'a?', '[ab]', 'a\\b', 'a.b', '{tag}', 'x'];
      for (const [i, key] of keys.entries()) await store.set(key, utf8(String(i)), 60_000);
      const entries = await store.getMany(keys);
      const read = entries.map((entry) => entry && new TextDecoder().decode(entry.value));
      expect(read).toEqual(keys.map((_, i) => String(i)));
      expect(await store.delete(['a*', '[ab]'])).toBe(2);
      const after = await store.getMany(['a b', 'a?', 'x']);
      expect(after.every((entry) => entry !== undefined)).toBe(true);
    },
  },
];
