import {
  CacheStrategy,
  createCache,
  losslessSerializer,
  type MemoryL2Slot,
  memoryL1Store,
  memoryL2Store,
} from '@multi-tier-cache/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { typedStats } from './typed-stats.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Two instances sharing one simulated Redis, each with its own L1. */
function twoInstances() {
  const data = new Map<string, MemoryL2Slot>();
  const l2 = memoryL2Store({ data });
  const a = createCache({ serializer: losslessSerializer(), l1: memoryL1Store(), l2: [l2] });
  const b = createCache({
    serializer: losslessSerializer(),
    l1: memoryL1Store(),
    l2: [memoryL2Store({ data })],
  });
  return { l2, a, b };
}

const zodUser = () => z.object({ id: z.number(), name: z.string(), joined: z.coerce.date() });
const ada = () => ({ id: 1, name: 'Ada', joined: new Date('2024-05-01T10:00:00Z') });

describe('getOrComputeTyped with zod', () => {
  it('computes on a miss and serves L1 hits without validating again', async () => {
    const User = zodUser();
    const { a } = twoInstances();
    const compute = vi.fn(ada);
    const first = await getOrComputeTyped(a, 'user:1', User, compute);
    const second = await getOrComputeTyped(a, 'user:1', User, compute);
    expect(first).toEqual(ada());
    expect(second).toBe(first);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(typedStats(a)).toMatchObject({ validations: 0, invalid: 0 });
  });

  it('restores Dates through the schema when the value comes from the shared tier, once', async () => {
    const User = zodUser();
    const { a, b } = twoInstances();
    await getOrComputeTyped(a, 'user:1', User, ada);
    const compute = vi.fn(ada);
    const fromL2 = await getOrComputeTyped(b, 'user:1', User, compute);
    const fromL1 = await getOrComputeTyped(b, 'user:1', User, compute);
    expect(compute).not.toHaveBeenCalled();
    expect(fromL2.joined).toBeInstanceOf(Date);
    expect(fromL2.joined.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(fromL1).toBe(fromL2);
    expect(typedStats(b)).toMatchObject({ validations: 1, invalid: 0 });
  });

  it('treats a corrupt cached value as a miss: recomputes, overwrites, counts, never returns it', async () => {
    const User = zodUser();
    const { l2, b } = twoInstances();
    await l2.set('user:1', encode({ id: 'one', name: 42 }), 60_000);
    const compute = vi.fn(ada);
    const user = await getOrComputeTyped(b, 'user:1', User, compute);
    expect(user).toEqual(ada());
    expect(compute).toHaveBeenCalledTimes(1);
    expect(losslessSerializer().deserialize((await l2.get('user:1'))!.value)).toEqual(ada());
    const stats = typedStats(b);
    expect(stats).toMatchObject({ validations: 1, invalid: 1, recomputed: 1 });
    expect(stats.lastInvalid?.key).toBe('user:1');
    expect(stats.lastInvalid?.issues.length).toBeGreaterThan(0);
    expect(await getOrComputeTyped(b, 'user:1', User, compute)).toBe(user);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('recomputes a value written by an older version of the type', async () => {
    const UserV1 = z.object({ id: z.number(), name: z.string() });
    const UserV2 = z.object({ id: z.number(), name: z.string(), email: z.email() });
    const { a, b } = twoInstances();
    await getOrComputeTyped(a, 'user:7', UserV1, () => ({ id: 7, name: 'Grace' }));
    const v2 = await getOrComputeTyped(b, 'user:7', UserV2, () => ({
      id: 7,
      name: 'Grace',
      email: 'grace@example.com',
    }));
    expect(v2.email).toBe('grace@example.com');
    expect(typedStats(b)).toMatchObject({ invalid: 1, recomputed: 1 });
  });

  it('runs one recomputation for concurrent callers that find the same invalid value', async () => {
    const User = zodUser();
    const { l2, b } = twoInstances();
    await l2.set('user:1', encode({ broken: true }), 60_000);
    await b.get('user:1'); // promoted into L1, still invalid
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const compute = vi.fn(async () => {
      await gate;
      return ada();
    });
    const callers = Array.from({ length: 5 }, () => getOrComputeTyped(b, 'user:1', User, compute));
    await vi.waitFor(() => expect(compute).toHaveBeenCalled());
    release();
    const results = await Promise.all(callers);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    expect(typedStats(b)).toMatchObject({ invalid: 5, recomputed: 1, validations: 1 });
  });

  it('writes nothing when the key is invalidated during the recompute', async () => {
    const User = zodUser();
    const data = new Map<string, MemoryL2Slot>();
    const l1 = memoryL1Store();
    const l2 = memoryL2Store({ data });
    const b = createCache({ serializer: losslessSerializer(), l1, l2: [l2] });
    await l2.set('user:1', encode({ broken: true }), 60_000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const compute = vi.fn(async () => {
      await gate;
      return ada();
    });
    const pending = getOrComputeTyped(b, 'user:1', User, compute);
    await vi.waitFor(() => expect(compute).toHaveBeenCalled());
    await b.invalidate('user:1');
    release();
    expect(await pending).toEqual(ada());
    expect(l1.get('user:1')).toBeUndefined();
    expect(await l2.get('user:1')).toBeUndefined();
  });

  it('writes the recomputed value with the TTL it was asked for', async () => {
    const User = zodUser();
    const { l2, b } = twoInstances();
    await l2.set('user:1', encode('garbage'), 3_600_000);
    await getOrComputeTyped(b, 'user:1', User, ada, CacheStrategy.RealTime);
    const ttlMs = (await l2.get('user:1'))!.ttlMs!;
    expect(ttlMs).toBeLessThanOrEqual(10_000);
    expect(ttlMs).toBeGreaterThan(5_000);
  });

  it('treats a schema that throws as a failed validation', async () => {
    const Throwing: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => {
          throw new Error('boom');
        },
      },
    };
    const { l2, b } = twoInstances();
    await l2.set('n', encode(1), 60_000);
    expect(await getOrComputeTyped(b, 'n', Throwing, () => 2)).toBe(2);
    expect(typedStats(b).lastInvalid?.issues[0]?.message).toMatch(/threw: boom/);
  });

  it('passes the computation error to every caller and caches nothing', async () => {
    const User = zodUser();
    const { a, l2 } = twoInstances();
    await expect(
      getOrComputeTyped(a, 'user:9', User, () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(await l2.get('user:9')).toBeUndefined();
  });
});

describe('getOrComputeTyped with valibot', () => {
  const Event = v.object({
    name: v.string(),
    at: v.union([
      v.date(),
      v.pipe(
        v.string(),
        v.isoTimestamp(),
        v.transform((text) => new Date(text)),
      ),
    ]),
  });

  it('reads the output back on another instance and serves it from L1 after that', async () => {
    const { a, b } = twoInstances();
    const computed = await getOrComputeTyped(a, 'event:1', Event, () => ({
      name: 'launch',
      at: new Date('2025-01-01T00:00:00.000Z'),
    }));
    expect(computed.at).toBeInstanceOf(Date);
    const read = await getOrComputeTyped(b, 'event:1', Event, () => {
      throw new Error('should come from the shared tier');
    });
    expect(read).toEqual(computed);
    expect(await getOrComputeTyped(b, 'event:1', Event, () => computed)).toBe(read);
    expect(typedStats(b)).toMatchObject({ validations: 1, invalid: 0 });
  });

  it('recomputes a value that fails the pipeline', async () => {
    const { l2, b } = twoInstances();
    await l2.set('event:2', encode({ name: 'x', at: 'not a date' }), 60_000);
    const at = new Date('2025-02-02T00:00:00.000Z');
    expect(await getOrComputeTyped(b, 'event:2', Event, () => ({ name: 'y', at }))).toEqual({
      name: 'y',
      at,
    });
    expect(typedStats(b)).toMatchObject({ invalid: 1, recomputed: 1 });
  });
});

describe('async schemas', () => {
  const asyncPositive: StandardSchemaV1<unknown, number> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: async (value) =>
        typeof value === 'number' && value > 0
          ? { value }
          : { issues: [{ message: 'expected a positive number' }] },
    },
  };

  it('awaits a schema whose validate returns a Promise', async () => {
    const { l2, b } = twoInstances();
    await l2.set('good', encode(5), 60_000);
    await l2.set('bad', encode(-5), 60_000);
    expect(await getOrComputeTyped(b, 'good', asyncPositive, () => 1)).toBe(5);
    expect(await getOrComputeTyped(b, 'bad', asyncPositive, () => 1)).toBe(1);
    expect(typedStats(b)).toMatchObject({ asyncValidations: 2, invalid: 1, recomputed: 1 });
  });

  it('stops waiting when the caller aborts a recomputation', async () => {
    const { l2, b } = twoInstances();
    await l2.set('slow', encode(-1), 60_000);
    const controller = new AbortController();
    const pending = getOrComputeTyped(
      b,
      'slow',
      asyncPositive,
      () => new Promise<number>(() => {}),
      {
        signal: controller.signal,
      },
    );
    await vi.waitFor(() => expect(typedStats(b).recomputed).toBe(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});
