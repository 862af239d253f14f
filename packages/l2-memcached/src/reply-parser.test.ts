import { describe, expect, it } from 'vitest';
import { flagNumber, hasFlag, type MetaReply, ReplyParser } from './reply-parser.js';

const binary = Buffer.from([0, 13, 10, 255, 13, 10, 86, 65, 32]); // \0 \r\n ÿ \r\n "VA "

/** Each response as the server would send it, and what the parser must make of it. */
const responses: { wire: Buffer; expected: Omit<MetaReply, 'value'> & { value?: Buffer } }[] = [
  {
    wire: Buffer.from('VA 2 t59\r\nhi\r\n'),
    expected: { code: 'VA', flags: 't59', value: Buffer.from('hi') },
  },
  {
    wire: Buffer.concat([Buffer.from('VA 9 t-1\r\n'), binary, Buffer.from('\r\n')]),
    expected: { code: 'VA', flags: 't-1', value: binary },
  },
  {
    wire: Buffer.from('VA 0 t30 W\r\n\r\n'),
    expected: { code: 'VA', flags: 't30 W', value: Buffer.alloc(0) },
  },
  {
    wire: Buffer.from('VA 3\r\nabc\r\n'),
    expected: { code: 'VA', flags: '', value: Buffer.from('abc') },
  },
  { wire: Buffer.from('EN\r\n'), expected: { code: 'EN', flags: '' } },
  { wire: Buffer.from('HD\r\n'), expected: { code: 'HD', flags: '' } },
  { wire: Buffer.from('NF O9\r\n'), expected: { code: 'NF', flags: 'O9' } },
  { wire: Buffer.from('NS\r\n'), expected: { code: 'NS', flags: '' } },
  { wire: Buffer.from('EX\r\n'), expected: { code: 'EX', flags: '' } },
  { wire: Buffer.from('MN\r\n'), expected: { code: 'MN', flags: '' } },
  {
    wire: Buffer.from('SERVER_ERROR object too large for cache\r\n'),
    expected: { code: 'SERVER_ERROR', flags: 'object too large for cache' },
  },
  { wire: Buffer.from('ERROR\r\n'), expected: { code: 'ERROR', flags: '' } },
];

function parseAll(chunks: Buffer[]): MetaReply[] {
  const replies: MetaReply[] = [];
  const parser = new ReplyParser((reply) => replies.push(reply));
  for (const chunk of chunks) parser.push(chunk);
  expect(parser.buffered).toBe(0);
  return replies;
}

function expectReply(
  actual: MetaReply | undefined,
  expected: (typeof responses)[number]['expected'],
) {
  expect(actual?.code).toBe(expected.code);
  expect(actual?.flags).toBe(expected.flags);
  if (expected.value === undefined) expect(actual?.value).toBeUndefined();
  else expect(Buffer.from(actual!.value!).equals(expected.value)).toBe(true);
}

describe('ReplyParser', () => {
  it('parses every response split at every byte offset', () => {
    for (const { wire, expected } of responses) {
      for (let cut = 0; cut <= wire.length; cut++) {
        const replies = parseAll([wire.subarray(0, cut), wire.subarray(cut)]);
        expect(replies.length).toBe(1);
        expectReply(replies[0], expected);
      }
    }
  });

  it('parses every response fed one byte at a time', () => {
    for (const { wire, expected } of responses) {
      const replies = parseAll([...wire].map((byte) => Buffer.from([byte])));
      expect(replies.length).toBe(1);
      expectReply(replies[0], expected);
    }
  });

  it('parses all responses merged into one chunk, in order', () => {
    const replies = parseAll([Buffer.concat(responses.map((r) => r.wire))]);
    expect(replies.length).toBe(responses.length);
    for (const [index, { expected }] of responses.entries()) expectReply(replies[index], expected);
  });

  it('parses merged responses split at every byte offset of the stream', () => {
    const stream = Buffer.concat(responses.map((r) => r.wire));
    for (let cut = 0; cut <= stream.length; cut++) {
      const replies = parseAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(replies.map((reply) => reply.code)).toEqual(responses.map((r) => r.expected.code));
    }
  });

  it('keeps a partial reply until it is complete', () => {
    const replies: MetaReply[] = [];
    const parser = new ReplyParser((reply) => replies.push(reply));
    parser.push(Buffer.from('VA 5 t10\r\nab'));
    expect(replies).toEqual([]);
    expect(parser.buffered).toBeGreaterThan(0);
    parser.reset();
    parser.push(Buffer.from('EN\r\n'));
    expect(replies.map((reply) => reply.code)).toEqual(['EN']);
  });

  it('reads only the given length of a reused buffer and keeps no view of it', () => {
    const stream = Buffer.concat(responses.map((r) => r.wire));
    const scratch = Buffer.alloc(stream.length + 16);
    for (let cut = 1; cut < stream.length; cut++) {
      const replies: MetaReply[] = [];
      const parser = new ReplyParser((reply) => replies.push(reply));
      scratch.fill('\r\nEN\r\n');
      stream.copy(scratch, 0, 0, cut);
      parser.push(scratch, cut);
      scratch.fill('\r\nEN\r\n');
      stream.copy(scratch, 0, cut);
      parser.push(scratch, stream.length - cut);
      expect(replies.length).toBe(responses.length);
      for (const [index, { expected }] of responses.entries())
        expectReply(replies[index], expected);
    }
  });

  it('assembles a 1 MiB value from 64 KiB chunks, with the next reply in the last chunk', () => {
    const value = Buffer.alloc(1024 * 1024, 7);
    const stream = Buffer.concat([
      Buffer.from(`VA ${value.length} t60\r\n`),
      value,
      Buffer.from('\r\nEN\r\n'),
    ]);
    const chunks: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 64 * 1024)
      chunks.push(stream.subarray(at, at + 64 * 1024));
    const replies = parseAll(chunks);
    expect(replies.map((reply) => reply.code)).toEqual(['VA', 'EN']);
    expect(Buffer.from(replies[0]!.value!).equals(value)).toBe(true);
  });

  it('returns values that do not share memory with the chunk', () => {
    const chunk = Buffer.from('VA 2 t1\r\nhi\r\n');
    const [reply] = parseAll([chunk]);
    chunk.fill(0);
    expect(Buffer.from(reply!.value!).toString()).toBe('hi');
  });
});

describe('flagNumber and hasFlag', () => {
  it('read the tokens of a reply', () => {
    expect(flagNumber('t59 f0', 't')).toBe(59);
    expect(flagNumber('f0 t-1', 't')).toBe(-1);
    expect(flagNumber('f0', 't')).toBeUndefined();
    expect(flagNumber('tx', 't')).toBeUndefined();
    expect(hasFlag('t30 W', 'W')).toBe(true);
    expect(hasFlag('t30 Z', 'W')).toBe(false);
  });
});
