import { Buffer } from 'node:buffer';
import { expect, test } from 'vitest';
import { SentFingerprints } from './sent-fingerprints.js';

test('recognises each echo once per send, and forgets after the window', async () => {
  const sent = new SentFingerprints(50);
  const payload = Buffer.from('{"type":"Remove","key":"a"}');
  sent.remember(payload);
  sent.remember(payload);
  expect(sent.consume(Buffer.from(payload))).toBe(true);
  expect(sent.consume(payload)).toBe(true);
  expect(sent.consume(payload)).toBe(false);
  sent.remember(payload);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(sent.consume(payload)).toBe(false);
});

test('clear forgets every send, so no lost echo stays armed', () => {
  const sent = new SentFingerprints(10_000);
  const payload = Buffer.from('{"type":"Remove","key":"a"}');
  sent.remember(payload);
  sent.clear();
  expect(sent.consume(payload)).toBe(false);
  expect(sent.size).toBe(0);
});
