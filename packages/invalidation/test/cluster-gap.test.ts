import { type RedisCluster, startRedisCluster } from '@multi-tier-cache/test-servers';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ioredisTransport, type RedisBus, redisBus } from '../src/index.js';
import { recorder, until } from './helpers.js';

/** `CLUSTER SLOTS` → the port of the master serving `slot`. */
async function ownerOf(client: Cluster, slot: number): Promise<number> {
  const ranges = await client.cluster('SLOTS');
  const range = ranges.find(([from, to]) => slot >= from && slot <= to);
  return range![2]![1];
}

describe('classic Pub/Sub on an ioredis Cluster that loses the subscriber node', () => {
  let cluster: RedisCluster;
  let sender: Cluster;
  let receiver: Cluster;
  const buses: RedisBus[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const nodes = cluster.nodes.map(({ host, port }) => ({ host, port }));
    sender = new Cluster(nodes);
    receiver = new Cluster(nodes);
    for (const client of [sender, receiver]) client.on('error', () => {});
    await Promise.all([sender, receiver].map((client) => client.ping()));
  });

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    sender?.disconnect();
    receiver?.disconnect();
    await cluster?.stop();
  });

  test('reports the gap, moves to another master and hears later messages', async () => {
    // The subscriber listens on the receiver's first master; the channel's slot must live on
    // another master so that publishing still works once that node is gone.
    const subscriberPort = receiver.nodes('master')[0]!.options.port!;
    let channel = '';
    for (let i = 0; !channel; i++) {
      const candidate = `mtc:gap:${process.pid}:${i}`;
      const slot = (await receiver.cluster('KEYSLOT', candidate)) as number;
      if ((await ownerOf(receiver, slot)) !== subscriberPort) channel = candidate;
    }
    const heard = recorder();
    const publishing = redisBus({ transport: ioredisTransport({ client: sender }), channel });
    const listening = redisBus({ transport: ioredisTransport({ client: receiver }), channel });
    buses.push(publishing, listening);
    listening.subscribe(heard);
    await Promise.all([publishing.ready, listening.ready]);

    await publishing.publish({ type: 'remove', keys: ['before'] });
    await until('the message before the kill', () => heard.messages.length === 1);

    const node = cluster.nodes.find(({ port }) => port === subscriberPort)!;
    await node.process.stop('SIGKILL');
    await until('the gap to be reported and closed', () => heard.reconnects === 1, 20_000);

    await until(
      'a message published after the kill',
      async () => {
        await publishing.publish({ type: 'remove', keys: ['after'] });
        return heard.messages.some(
          (message) => message.type === 'remove' && message.keys[0] === 'after',
        );
      },
      20_000,
    );
    expect(listening.stats().reconnects).toBe(1);
  });
});
