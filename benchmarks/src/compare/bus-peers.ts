import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createCache, memoryL1Store } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { interleave, median } from '../interleave.js';
import { createBentocache } from '../peers.js';
import {
  BUS_PREFIX,
  type BusCommand,
  type BusReply,
  busKey,
  OURS_CHANNEL,
  RAW_CHANNEL,
} from './bus-protocol.js';
import type { PathReport } from './path-report.js';

const ROUNDS = 7;
const DELETES_PER_ROUND = 200;
const GAP_MS = 1;
const REPLY_TIMEOUT_MS = 30_000;
const receiverScript = fileURLToPath(new URL('./bus-receiver.ts', import.meta.url));

type Mode = 'raw' | 'ours' | 'bentocache';

/** The other instance: a child process, answering one message per command. */
class Receiver {
  readonly #child: ChildProcess;
  readonly #replies: BusReply[] = [];
  #waiting: ((reply: BusReply) => void) | undefined;

  constructor(url: string, mode: Mode) {
    this.#child = spawn(
      process.execPath,
      ['--conditions=@multi-tier-cache/source', '--import', 'tsx', receiverScript],
      {
        env: { ...process.env, REDIS_URL: url, MODE: mode },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    this.#child.on('message', (reply: BusReply) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting(reply);
      else this.#replies.push(reply);
    });
  }

  next(): Promise<BusReply> {
    const queued = this.#replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the bus receiver did not answer')),
        REPLY_TIMEOUT_MS,
      );
      this.#waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
    });
  }

  send(command: BusCommand): void {
    this.#child.send(command);
  }

  kill(): void {
    this.#child.kill();
  }
}

interface Sender {
  delete(key: string): Promise<unknown>;
  close(): Promise<unknown>;
}

function sender(url: string, mode: Mode): Sender {
  if (mode === 'raw') {
    const client = new Redis(url);
    return {
      delete: async (key) => {
        await client.unlink(key);
        await client.publish(RAW_CHANNEL, key);
      },
      close: async () => client.disconnect(),
    };
  }
  if (mode === 'ours') {
    const client = new Redis(url);
    const cache = createCache({
      l1: memoryL1Store({ maxEntries: 100_000 }),
      l2: [{ store: ioredisStore({ client, prefix: BUS_PREFIX }), sharesBusConnection: true }],
      bus: redisBus({ transport: ioredisTransport({ client }), channel: OURS_CHANNEL }),
    });
    return {
      delete: (key) => cache.delete(key),
      close: async () => {
        await cache.close();
        client.disconnect();
      },
    };
  }
  const bento = createBentocache({ url, l1: true, bus: true, prefix: BUS_PREFIX });
  return { delete: (key) => bento.delete({ key }), close: () => bento.disconnectAll() };
}

let nextRound = 0;

/** One round: the receiver holds fresh keys; each is deleted here; returns the p50 in ms. */
async function roundP50(receiver: Receiver, from: Sender): Promise<number> {
  const round = nextRound++;
  receiver.send({ type: 'prepare', round, count: DELETES_PER_ROUND });
  await receiver.next();
  await sleep(50);
  const sentAt = new Array<number>(DELETES_PER_ROUND);
  const replied = receiver.next();
  for (let i = 0; i < DELETES_PER_ROUND; i++) {
    sentAt[i] = performance.timeOrigin + performance.now();
    await from.delete(busKey(round, i));
    await sleep(GAP_MS);
  }
  const reply = await replied;
  if (!('receivedAt' in reply)) throw new Error('the bus receiver answered out of turn');
  return median(reply.receivedAt.map((at, i) => at - sentAt[i]!));
}

/**
 * Delete on one instance until the other instance's L1 no longer holds the key, p50 per round:
 * raw UNLINK then PUBLISH to a SUBSCRIBE in another process (the baseline), ours, bentocache.
 */
export async function busPeerReport(url: string): Promise<PathReport> {
  const modes: Mode[] = ['raw', 'ours', 'bentocache'];
  const receivers = modes.map((mode) => new Receiver(url, mode));
  const senders = modes.map((mode) => sender(url, mode));
  try {
    for (const receiver of receivers) await receiver.next();
    const [baseline, ours, bentocache] = await interleave(
      modes.map((mode, i) => ({
        name: mode === 'raw' ? 'UNLINK then PUBLISH' : mode === 'ours' ? 'ioredis bus' : mode,
        sample: () => roundP50(receivers[i]!, senders[i]!),
      })),
      ROUNDS,
    );
    return {
      path: "bus delete → other instance's L1, p50",
      higherIsBetter: false,
      format: (ms) => `${ms.toFixed(3)} ms`,
      baseline: baseline!,
      otherRaws: [],
      ours: [ours!],
      peers: [bentocache!],
      target: { bound: 1.3, label: '≤ 1.30×' },
    };
  } finally {
    for (const receiver of receivers) {
      receiver.send({ type: 'close' });
    }
    await Promise.all(senders.map((from) => from.close()));
    await sleep(200);
    for (const receiver of receivers) receiver.kill();
  }
}
