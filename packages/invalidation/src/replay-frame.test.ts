import { Buffer } from 'node:buffer';
import { expect, test } from 'vitest';
import { logEntries, readReplayFrame } from './replay-frame.js';

const frame = (id: string, payload: string) =>
  Buffer.concat([Buffer.from([0x52, id.length]), Buffer.from(id, 'latin1'), Buffer.from(payload)]);

test('reads the log id in front of a payload', () => {
  const read = readReplayFrame(frame('1700000000000-3', 'MT payload'));
  expect(read?.id).toBe('1700000000000-3');
  expect(read?.payload.toString()).toBe('MT payload');
});

test('a payload without a valid frame is not one', () => {
  expect(readReplayFrame(Buffer.from('MT\x01\x01'))).toBeUndefined();
  expect(readReplayFrame(Buffer.from([0x52]))).toBeUndefined();
  expect(readReplayFrame(Buffer.from([0x52, 20, 0x31]))).toBeUndefined();
  expect(readReplayFrame(Buffer.from([0x52, 0]))).toBeUndefined();
  expect(readReplayFrame(frame('12-x', 'p'))).toBeUndefined();
  expect(readReplayFrame(frame('__proto__', 'p'))).toBeUndefined();
});

test('log entries skip anything that is not an entry', () => {
  const entries = logEntries([
    [Buffer.from('1-0'), [Buffer.from('p'), Buffer.from('payload')]],
    'garbage',
    [Buffer.from('2-0')],
    [Buffer.from('3-0'), 'not fields'],
    [Buffer.from('4-0'), [Buffer.from('p')]],
  ]);
  expect(entries.map((entry) => [entry.id, entry.payload.toString()])).toEqual([
    ['1-0', 'payload'],
    ['4-0', ''],
  ]);
  expect(logEntries(null)).toEqual([]);
});
