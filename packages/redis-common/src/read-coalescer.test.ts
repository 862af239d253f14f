import { frameWithExpiry } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { type CoalescedReads, MAX_BATCH_KEYS, ReadCoalescer } from './read-coalescer.js';

const framed = (text: string) => frameWithExpiry(new TextEncoder().encode(text), 60_000);
const text = (entry: { value: Uint8Array } | undefined) =>
  entry === undefined ? undefined : new TextDecoder().decode(entry.value);

/** A key-value map answering like Redis, recording what was sent. */
function server(values: Record<string, Uint8Array | Error>) {
  const sent: string[] = [];
  const stored = (key: string) => values[key] ?? null;
  const reads: CoalescedReads = {
    get: async (key) => {
      sent.push(`GET ${key}`);
      const value = stored(key);
      if (value instanceof Error) throw value;
      return value;
    },
    getMany: async (keys) => {
      sent.push(`MGET ${keys.join(' ')}`);
      return keys.map(stored);
    },
  };
  return { sent, reads };
}

describe('ReadCoalescer', () => {
  it('sends the first read of a tick at once as one GET and the rest of the tick as one MGET', async () => {
    const { sent, reads } = server({ a: framed('A'), b: framed('B'), c: framed('C') });
    const coalescer = new ReadCoalescer(reads);
    const pending = [
      coalescer.read('a'),
      coalescer.read('b'),
      coalescer.read('c'),
      coalescer.read('x'),
    ];
    expect(sent).toEqual(['GET a']);
    const entries = await Promise.all(pending);
    expect(entries.map(text)).toEqual(['A', 'B', 'C', undefined]);
    expect(entries[1]!.ttlMs).toBeGreaterThan(59_000);
    expect(sent).toEqual(['GET a', 'MGET b c x']);
  });

  it('sends one plain GET per read when reads come one at a time', async () => {
    const { sent, reads } = server({ a: framed('A') });
    const coalescer = new ReadCoalescer(reads);
    expect(text(await coalescer.read('a'))).toBe('A');
    expect(text(await coalescer.read('a'))).toBe('A');
    expect(sent).toEqual(['GET a', 'GET a']);
  });

  it('sends a single later read of a tick as a plain GET, not an MGET', async () => {
    const { sent, reads } = server({ a: framed('A'), b: framed('B') });
    const coalescer = new ReadCoalescer(reads);
    expect((await Promise.all([coalescer.read('a'), coalescer.read('b')])).map(text)).toEqual([
      'A',
      'B',
    ]);
    expect(sent).toEqual(['GET a', 'GET b']);
  });

  it('rejects only the reader whose key failed in a batch', async () => {
    const broken = new Error('MOVED 3999 127.0.0.1:6381');
    const { reads } = server({ a: framed('A'), b: broken, c: framed('C') });
    const coalescer = new ReadCoalescer(reads);
    const settled = await Promise.allSettled([
      coalescer.read('a'),
      coalescer.read('b'),
      coalescer.read('c'),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBe(broken);
  });

  it('rejects every reader of a failed batch, through toError, and still reads afterwards', async () => {
    const values: Record<string, Uint8Array> = { a: framed('A') };
    let down = true;
    const coalescer = new ReadCoalescer({
      get: async (key) => {
        if (down) throw new Error('connection lost');
        return values[key] ?? null;
      },
      getMany: async () => {
        throw new Error('connection lost');
      },
      toError: (error) => new Error(`hidden: ${(error as Error).message}`),
    });
    const settled = await Promise.allSettled([
      coalescer.read('a'),
      coalescer.read('b'),
      coalescer.read('c'),
    ]);
    expect(settled.map((result) => (result as PromiseRejectedResult).reason?.message)).toEqual([
      'hidden: connection lost',
      'hidden: connection lost',
      'hidden: connection lost',
    ]);
    down = false;
    expect(text(await coalescer.read('a'))).toBe('A');
  });

  it('rejects the batch when getMany throws instead of returning a promise', async () => {
    const coalescer = new ReadCoalescer({
      get: async () => null,
      getMany: () => {
        throw new Error('closed');
      },
    });
    const settled = await Promise.allSettled([
      coalescer.read('a'),
      coalescer.read('b'),
      coalescer.read('c'),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });
  it('splits the reads of one tick into batches of at most MAX_BATCH_KEYS keys', async () => {
    const keys = Array.from({ length: 2 * MAX_BATCH_KEYS + 2 }, (_, i) => `k${i}`);
    const { sent, reads } = server(Object.fromEntries(keys.map((key) => [key, framed(key)])));
    const coalescer = new ReadCoalescer(reads);
    const entries = await Promise.all(keys.map((key) => coalescer.read(key)));
    expect(entries.map(text)).toEqual(keys);
    expect(sent.map((command) => command.split(' ').length - 1)).toEqual([
      1,
      MAX_BATCH_KEYS,
      MAX_BATCH_KEYS,
      1,
    ]);
  });
});
