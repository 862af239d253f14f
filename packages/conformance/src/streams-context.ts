import type { ConformanceTest } from './conformance-test.js';
import type { VitestLike } from './vitest-like.js';

/**
 * One stream entry as the backend under test returns it: field values as UTF-8 strings.
 *
 * @example
 * ```ts
 * const entry: StreamsEntryLike = { id: '1700000000000-0', fields: { type: 'login' } };
 * ```
 */
export interface StreamsEntryLike {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * What the streams suite calls. `publish`, `readLatest` and `read` are the streams backend
 * contract (`StreamingBackend` of `@multi-tier-cache/streams`); consumer groups, claiming and
 * `close` are capabilities: the tests that need one are skipped when the backend lacks it.
 *
 * @example
 * ```ts
 * const backend: StreamsBackendLike = ioredisStreams(redis);
 * ```
 */
export interface StreamsBackendLike {
  publish(
    stream: string,
    fields: Readonly<Record<string, string | Uint8Array>>,
    options?: { readonly maxLen?: number; readonly exact?: boolean },
  ): Promise<string>;
  readLatest(stream: string, count: number): Promise<StreamsEntryLike[]>;
  read(
    stream: string,
    options?: { readonly lastId?: string; readonly count?: number; readonly blockMs?: number },
  ): Promise<StreamsEntryLike[]>;
  createGroup?(
    stream: string,
    group: string,
    options?: { readonly startId?: string },
  ): Promise<boolean>;
  readGroup?(
    stream: string,
    group: string,
    consumer: string,
    options?: { readonly count?: number; readonly blockMs?: number; readonly id?: string },
  ): Promise<StreamsEntryLike[]>;
  ack?(stream: string, group: string, ids: string | readonly string[]): Promise<number>;
  pending?(
    stream: string,
    group: string,
  ): Promise<{
    readonly count: number;
    readonly smallestId: string | null;
    readonly greatestId: string | null;
    readonly consumers: readonly { readonly name: string; readonly pending: number }[];
  }>;
  pendingEntries?(
    stream: string,
    group: string,
    options?: { readonly consumer?: string; readonly count?: number },
  ): Promise<
    readonly { readonly id: string; readonly consumer: string; readonly deliveries: number }[]
  >;
  claimIdle?(
    stream: string,
    group: string,
    consumer: string,
    options: { readonly minIdleMs: number; readonly count?: number; readonly startId?: string },
  ): Promise<{ readonly entries: StreamsEntryLike[]; readonly nextId: string }>;
  close?(): Promise<void>;
}

/** A backend with consumer groups: what the group tests get. */
export type GroupStreamsBackend = StreamsBackendLike &
  Required<Pick<StreamsBackendLike, 'createGroup' | 'readGroup' | 'ack' | 'pending'>>;

/**
 * What the streams suite reads from a probe backend before registering its tests.
 *
 * @example
 * ```ts
 * const ruledOutBy = ({ groups }: StreamsCapabilities) => (groups ? undefined : 'no groups');
 * ```
 */
export interface StreamsCapabilities {
  /** `createGroup`, `readGroup`, `ack` and `pending` are all there. */
  readonly groups: boolean;
  /** `claimIdle` is there (with the group methods). */
  readonly claim: boolean;
  /** `pendingEntries` is there (with the group methods). */
  readonly pendingEntries: boolean;
  /** `close` is there. */
  readonly close: boolean;
}

/**
 * What a streams test gets: vitest's expect, a fresh backend and unique stream names.
 *
 * @example
 * ```ts
 * async function run({ expect, streams, stream }: StreamsTestContext) {
 *   const name = stream();
 *   expect(await streams.readLatest(name, 1)).toEqual([]);
 * }
 * ```
 */
export interface StreamsTestContext {
  readonly expect: VitestLike['expect'];
  /** The backend under test, made for this test and closed after it. */
  readonly streams: StreamsBackendLike;
  /** A stream name no other test uses: `conf:<random>:<name>`. */
  stream(name?: string): string;
}

/**
 * One test of `streamsSuite`; `id` names it in skip lists and never changes.
 *
 * @example
 * ```ts
 * const ids = streamsTests.map((test: StreamsTest) => test.id); // ['streams.publish.returns-id', ...]
 * ```
 */
export type StreamsTest = ConformanceTest<StreamsTestContext, StreamsCapabilities>;

/** The capabilities `backend` declares by the methods it has. */
export function streamsCapabilities(backend: StreamsBackendLike): StreamsCapabilities {
  const groups = ['createGroup', 'readGroup', 'ack', 'pending'].every(
    (method) => typeof backend[method as keyof StreamsBackendLike] === 'function',
  );
  return {
    groups,
    claim: groups && typeof backend.claimIdle === 'function',
    pendingEntries: groups && typeof backend.pendingEntries === 'function',
    close: typeof backend.close === 'function',
  };
}

/** The backend with its group methods, for tests ruled out unless `groups` is true. */
export function withGroups(backend: StreamsBackendLike): GroupStreamsBackend {
  if (!streamsCapabilities(backend).groups) throw new Error('the backend has no consumer groups');
  return backend as GroupStreamsBackend;
}

/** Compares two entry ids (`<ms>-<seq>`) as numbers: negative when `a` comes first. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Publishes `count` entries `{ n: '1' }`, `{ n: '2' }`, ... and returns their ids in order. */
export async function publishNumbered(
  streams: StreamsBackendLike,
  stream: string,
  count: number,
  options?: { readonly maxLen?: number; readonly exact?: boolean },
): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; n <= count; n++)
    ids.push(await streams.publish(stream, { n: String(n) }, options));
  return ids;
}

/** Settles `promise` into a flag the test can look at, and the promise itself to await later. */
export function track<T>(promise: Promise<T>): {
  readonly promise: Promise<T>;
  settled(): boolean;
} {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  // The test awaits it later; until then a rejection must not count as unhandled.
  tracked.catch(() => {});
  return { promise: tracked, settled: () => settled };
}
