import {
  type GroupStreamsBackend,
  publishNumbered,
  type StreamsCapabilities,
  type StreamsTest,
  type StreamsTestContext,
  track,
  withGroups,
} from './streams-context.js';

const NO_GROUPS = 'the backend has no consumer groups (createGroup, readGroup, ack, pending)';

function needsGroups({ groups }: StreamsCapabilities): string | undefined {
  return groups ? undefined : NO_GROUPS;
}

/** A group test: runs only on backends with consumer groups, and gets them typed. */
function groupTest(
  id: string,
  name: string,
  run: (context: StreamsTestContext, streams: GroupStreamsBackend) => Promise<void>,
  ruledOutBy: (capabilities: StreamsCapabilities) => string | undefined = needsGroups,
): StreamsTest {
  return { id, name, ruledOutBy, run: (context) => run(context, withGroups(context.streams)) };
}

const ids = (entries: readonly { readonly id: string }[]) => entries.map((entry) => entry.id);

/** Consumer groups, acknowledgements, pending lists and claiming. */
export const streamsGroupTests: readonly StreamsTest[] = [
  groupTest(
    'streams.group.create-once',
    'createGroup creates the stream, then resolves false for an existing group',
    async ({ expect, stream }, streams) => {
      const name = stream();
      expect(await streams.createGroup(name, 'g', { startId: '0' })).toBe(true);
      expect(await streams.createGroup(name, 'g', { startId: '0' })).toBe(false);
      expect(await streams.readLatest(name, 1)).toEqual([]);
      const id = await streams.publish(name, { n: '1' });
      expect(ids(await streams.readGroup(name, 'g', 'c'))).toEqual([id]);
    },
  ),
  groupTest(
    'streams.group.start-id',
    "a group from '$' sees only later entries, a group from '0' sees every entry",
    async ({ expect, stream }, streams) => {
      const name = stream();
      const before = await publishNumbered(streams, name, 2);
      await streams.createGroup(name, 'new-only');
      await streams.createGroup(name, 'everything', { startId: '0' });
      const after = await streams.publish(name, { n: '3' });
      expect(ids(await streams.readGroup(name, 'new-only', 'c'))).toEqual([after]);
      expect(ids(await streams.readGroup(name, 'everything', 'c'))).toEqual([...before, after]);
    },
  ),
  groupTest(
    'streams.group.delivers-once',
    'readGroup delivers each entry to one consumer of the group only',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 5);
      const first = await streams.readGroup(name, 'g', 'c1', { count: 2 });
      const second = await streams.readGroup(name, 'g', 'c2', { count: 10 });
      const third = await streams.readGroup(name, 'g', 'c1', { count: 10 });
      expect(ids(first)).toEqual(published.slice(0, 2));
      expect(ids(second)).toEqual(published.slice(2));
      expect(third).toEqual([]);
      expect(second[0]?.fields).toEqual({ n: '3' });
    },
  ),
  groupTest(
    'streams.group.blocking-read',
    'a blocking readGroup waits for the next entry and resolves with it',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g');
      const waiting = track(streams.readGroup(name, 'g', 'c', { blockMs: 20_000 }));
      const id = await streams.publish(name, { n: '1' });
      expect(await waiting.promise).toEqual([{ id, fields: { n: '1' } }]);
    },
  ),
  groupTest(
    'streams.ack.counts',
    'ack resolves to how many of the ids were pending, for one id or many',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 3);
      await streams.readGroup(name, 'g', 'c');
      expect(await streams.ack(name, 'g', published[0]!)).toBe(1);
      expect(await streams.ack(name, 'g', published)).toBe(2);
      expect(await streams.ack(name, 'g', published)).toBe(0);
    },
  ),
  groupTest(
    'streams.pending.summary',
    'pending counts unacknowledged entries overall and per consumer',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 3);
      await streams.readGroup(name, 'g', 'c1', { count: 2 });
      await streams.readGroup(name, 'g', 'c2', { count: 2 });
      const summary = await streams.pending(name, 'g');
      expect(summary.count).toBe(3);
      expect(summary.smallestId).toBe(published[0]);
      expect(summary.greatestId).toBe(published[2]);
      expect([...summary.consumers].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'c1', pending: 2 },
        { name: 'c2', pending: 1 },
      ]);
      await streams.ack(name, 'g', published);
      expect(await streams.pending(name, 'g')).toEqual({
        count: 0,
        smallestId: null,
        greatestId: null,
        consumers: [],
      });
    },
  ),
  groupTest(
    'streams.group.reread-own-pending',
    "readGroup from id '0' re-reads this consumer's unacknowledged entries only",
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 3);
      await streams.readGroup(name, 'g', 'c1', { count: 2 });
      await streams.readGroup(name, 'g', 'c2', { count: 1 });
      await streams.ack(name, 'g', published[0]!);
      expect(await streams.readGroup(name, 'g', 'c1', { id: '0' })).toEqual([
        { id: published[1], fields: { n: '2' } },
      ]);
      expect(ids(await streams.readGroup(name, 'g', 'c2', { id: '0' }))).toEqual([published[2]]);
    },
  ),
  groupTest(
    'streams.claim.takes-over-idle',
    'claimIdle moves entries pending at least minIdleMs to the claiming consumer',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 2);
      await streams.readGroup(name, 'g', 'dead');
      const claimed = await streams.claimIdle!(name, 'g', 'alive', { minIdleMs: 0 });
      expect(claimed.entries).toEqual([
        { id: published[0], fields: { n: '1' } },
        { id: published[1], fields: { n: '2' } },
      ]);
      expect(claimed.nextId).toBe('0-0');
      const { consumers } = await streams.pending(name, 'g');
      expect(consumers.filter((consumer) => consumer.pending > 0)).toEqual([
        { name: 'alive', pending: 2 },
      ]);
      expect(await streams.ack(name, 'g', published)).toBe(2);
    },
    ({ claim }) => (claim ? undefined : 'the backend has no claimIdle (or no consumer groups)'),
  ),
  groupTest(
    'streams.claim.respects-min-idle',
    'claimIdle leaves entries idle for less than minIdleMs with their consumer',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      await publishNumbered(streams, name, 2);
      await streams.readGroup(name, 'g', 'busy');
      const claimed = await streams.claimIdle!(name, 'g', 'other', { minIdleMs: 3_600_000 });
      expect(claimed.entries).toEqual([]);
      expect((await streams.pending(name, 'g')).consumers).toEqual([{ name: 'busy', pending: 2 }]);
    },
    ({ claim }) => (claim ? undefined : 'the backend has no claimIdle (or no consumer groups)'),
  ),
  groupTest(
    'streams.pending.entries',
    'pendingEntries lists each pending entry with its consumer and delivery count',
    async ({ expect, stream }, streams) => {
      const name = stream();
      await streams.createGroup(name, 'g', { startId: '0' });
      const published = await publishNumbered(streams, name, 3);
      await streams.readGroup(name, 'g', 'c1', { count: 2 });
      await streams.readGroup(name, 'g', 'c2');
      const all = await streams.pendingEntries!(name, 'g');
      expect(all.map(({ id, consumer, deliveries }) => ({ id, consumer, deliveries }))).toEqual([
        { id: published[0], consumer: 'c1', deliveries: 1 },
        { id: published[1], consumer: 'c1', deliveries: 1 },
        { id: published[2], consumer: 'c2', deliveries: 1 },
      ]);
      const ofC2 = await streams.pendingEntries!(name, 'g', { consumer: 'c2' });
      expect(ofC2.map((entry) => entry.id)).toEqual([published[2]]);
    },
    ({ pendingEntries }) =>
      pendingEntries ? undefined : 'the backend has no pendingEntries (or no consumer groups)',
  ),
];
