import { diagnosticsChannels } from '@multi-tier-cache/core';
import { afterEach, expect, inject, test } from 'vitest';
import { ioredisTransport, redisBus } from '../src/index.js';
import { uniqueChannel, until } from './helpers.js';

const url = inject('redisUrl');
const closers: (() => Promise<void>)[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(closers.splice(0).map((close) => close()));
});

test('publishes each dropped message on multi-tier-cache:bus.dropped with its reason, not its own echoes', async () => {
  const dropped: unknown[] = [];
  const listener = (message: unknown) => dropped.push(message);
  diagnosticsChannels.busDropped.subscribe(listener);
  cleanups.push(() => diagnosticsChannels.busDropped.unsubscribe(listener));
  const channel = uniqueChannel();
  const signed = redisBus({ transport: ioredisTransport({ url }), channel, secret: 's' });
  const forger = redisBus({ transport: ioredisTransport({ url }), channel, secret: 'wrong' });
  closers.push(
    () => signed.close(),
    () => forger.close(),
  );
  await Promise.all([signed.ready, forger.ready]);
  await signed.publish({ type: 'clear' });
  await forger.publish({ type: 'clear' });
  await until('the forged message was dropped', () => signed.stats().dropped.badSignature === 1);
  await until('the own echo was dropped', () => signed.stats().dropped.own === 1);
  expect(dropped).toContainEqual({ reason: 'badSignature', count: 1 });
  expect(dropped).not.toContainEqual({ reason: 'own', count: 1 });
});
