import { describe, expect, it } from 'vitest';
import {
  type StreamsBackendLike,
  type StreamsSuiteOptions,
  streamsSuite,
  streamsTests,
  type VitestLike,
} from '../src/index.js';

interface Registered {
  readonly title: string;
  readonly skipped: boolean;
}

/** A stand-in for the vitest module that records what the suite registers. */
function fakeVitest() {
  const tests: Registered[] = [];
  const collecting: Promise<void>[] = [];
  const api: VitestLike = {
    describe(_name, factory) {
      collecting.push(Promise.resolve(factory()));
    },
    it: Object.assign((title: string) => tests.push({ title, skipped: false }), {
      skip: (title: string) => tests.push({ title, skipped: true }),
    }),
    expect,
    beforeAll() {},
    afterAll() {},
  };
  return {
    api,
    async skipped() {
      await Promise.all(collecting);
      return tests.filter((test) => test.skipped).map((test) => test.title);
    },
  };
}

/** Collecting only reads which methods a backend has; none of these is ever called. */
function unused(): never {
  throw new Error('not called while collecting');
}

const plainBackend: StreamsBackendLike = { publish: unused, readLatest: unused, read: unused };

const fullBackend: StreamsBackendLike = {
  ...plainBackend,
  createGroup: unused,
  readGroup: unused,
  ack: unused,
  pending: unused,
  pendingEntries: unused,
  claimIdle: unused,
  close: async () => {},
};

function register(options: Omit<StreamsSuiteOptions, 'name'>) {
  const fake = fakeVitest();
  streamsSuite(fake.api, { name: 'registration', ...options });
  return fake;
}

describe('streamsSuite registration', () => {
  it('gives every test a unique id of the form streams.<area>.<behaviour>', () => {
    const ids = streamsTests.map((test) => test.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^streams\.[a-z-]+\.[a-z-]+$/);
  });

  it('throws on a skip entry naming an unknown id, listing the known ones', () => {
    expect(() =>
      register({
        createStreams: () => fullBackend,
        skip: { 'streams.trim.aproximate': 'typo' },
      }),
    ).toThrow(/unknown test "streams\.trim\.aproximate".*streams\.trim\.approximate/);
  });

  it('throws on a skip entry without a reason', () => {
    expect(() =>
      register({ createStreams: () => fullBackend, skip: { 'streams.trim.approximate': ' ' } }),
    ).toThrow(/needs a reason/);
  });

  it('registers a test skipped by id with the reason in its title', async () => {
    const fake = register({
      createStreams: () => fullBackend,
      skip: { 'streams.trim.approximate': 'the server trims exactly' },
    });
    expect(await fake.skipped()).toEqual([
      'publish with maxLen trims to about maxLen entries, never fewer [skipped: the server trims exactly]',
    ]);
  });

  it('skips the group and close tests for a backend with only publish, readLatest and read', async () => {
    const skipped = await register({ createStreams: () => plainBackend }).skipped();
    const reasons = new Set(skipped.map((title) => /\[skipped: (.*)\]$/.exec(title)?.[1]));
    expect([...reasons]).toEqual([
      'the backend has no close()',
      'the backend has no consumer groups (createGroup, readGroup, ack, pending)',
      'the backend has no claimIdle (or no consumer groups)',
      'the backend has no pendingEntries (or no consumer groups)',
    ]);
    const applicable = streamsTests.length - skipped.length;
    expect(applicable).toBe(
      streamsTests.filter((test) =>
        /^streams\.(publish|read|read-latest|block|trim|errors)\./.test(test.id),
      ).length,
    );
  });
});
