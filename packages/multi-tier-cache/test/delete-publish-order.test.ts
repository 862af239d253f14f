import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';

const redisUrl = inject('redisUrl');
const ROUNDS = 300;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

/**
 * The deleting instance shares one connection between its store and its bus, so its delete's
 * message leaves without waiting for the delete's answer; the other instance has its own.
 */
async function trio(name: string) {
  const prefix = `mtc-delete-order-${process.pid}-${name}:`;
  const channel = `${prefix}invalidate`;
  const client = new Redis(redisUrl);
  const senderBus = redisBus({ transport: ioredisTransport({ client }), channel });
  const receiverBus = redisBus({ transport: ioredisTransport({ url: redisUrl }), channel });
  await Promise.all([senderBus.ready, receiverBus.ready]);
  const sender = createCache({
    l1: memoryL1Store(),
    l2: [{ store: ioredisStore({ client, prefix }), sharesBusConnection: true }],
    bus: senderBus,
  });
  const receiver = createCache({
    l1: memoryL1Store(),
    l2: [ioredisStore({ url: redisUrl, prefix })],
    bus: receiverBus,
  });
  // Writes the values without a bus, so the receiver hears only the deletes.
  const writer = createCache({ l1: false, l2: [ioredisStore({ url: redisUrl, prefix })] });
  cleanup.push(async () => {
    await Promise.all([sender.close(), receiver.close(), writer.close()]);
    client.disconnect();
  });
  return { sender, receiver, writer, client };
}

/**
 * `ROUNDS` deletes from the sender, each after `beforeDelete`; the receiver reads the key as soon
 * as the delete's message wakes it. Resolves to how many messages woke it and what it read back.
 */
async function deleteRounds(
  { sender, receiver, writer }: Awaited<ReturnType<typeof trio>>,
  beforeDelete: () => Promise<unknown> = async () => {},
) {
  const readBack: unknown[] = [];
  let woken = 0;
  let heard: (() => void) | undefined;
  receiver.on('invalidation', ({ message, origin }) => {
    if (origin !== 'remote' || message.type !== 'remove') return;
    woken++;
    // Read at once, as a request arriving right after the message would.
    void receiver.get(message.keys[0]!).then((value) => {
      if (value !== undefined) readBack.push(value);
      heard?.();
    });
  });
  for (let round = 0; round < ROUNDS; round++) {
    const key = `key-${round}`;
    await writer.set(key, { round });
    await beforeDelete();
    const answered = new Promise<void>((resolve) => {
      heard = resolve;
    });
    await sender.delete(key);
    await answered;
  }
  return { woken, readBack };
}

describe('a delete whose bus message shares the store connection', () => {
  it('never lets the instance woken by the message read the old value back', async () => {
    const { woken, readBack } = await deleteRounds(await trio('remove'));
    expect(woken).toBe(ROUNDS);
    expect(readBack).toEqual([]);
  });

  it('keeps the order after Redis lost its scripts (SCRIPT FLUSH before every delete)', async () => {
    const instances = await trio('flushed');
    const { woken, readBack } = await deleteRounds(instances, () =>
      instances.client.script('FLUSH'),
    );
    expect(woken).toBe(ROUNDS);
    expect(readBack).toEqual([]);
  });
});
