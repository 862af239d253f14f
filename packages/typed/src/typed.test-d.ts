import { CacheStrategy, createCache } from '@multi-tier-cache/core';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEntry } from './define-entry.js';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { getTyped } from './get-typed.js';
import { setTyped } from './set-typed.js';
import type { TypedCache } from './typed-cache.js';

const cache = createCache();
const User = z.object({ id: z.number(), name: z.string(), joined: z.coerce.date() });
type User = z.output<typeof User>;
const Event = v.object({
  at: v.pipe(
    v.string(),
    v.transform((text) => new Date(text)),
  ),
});

describe('free functions', () => {
  it('return the schema output type', () => {
    expectTypeOf(
      getOrComputeTyped(cache, 'u', User, () => ({ id: 1, name: 'a', joined: new Date() })),
    ).resolves.toEqualTypeOf<User>();
    expectTypeOf(getTyped(cache, 'u', User)).resolves.toEqualTypeOf<User | undefined>();
    expectTypeOf(getTyped(cache, 'e', Event)).resolves.toEqualTypeOf<{ at: Date } | undefined>();
  });

  it('refuse a computation or value of the wrong type', () => {
    // @ts-expect-error name must be a string
    getOrComputeTyped(cache, 'u', User, () => ({ id: 1, name: 2, joined: new Date() }));
    // @ts-expect-error the output is a Date, not the JSON string
    setTyped(cache, 'e', Event, { at: '2025-01-01' });
    // @ts-expect-error a key is a string
    getTyped(cache, 42, User);
    setTyped(cache, 'e', Event, { at: new Date() }, CacheStrategy.RealTime);
  });

  it('accept any object with get, set and getOrCompute', () => {
    expectTypeOf(cache).toExtend<TypedCache>();
    // @ts-expect-error a Map is not a cache
    getTyped(new Map(), 'u', User);
  });
});

describe('defineEntry', () => {
  const users = defineEntry({
    key: (id: number) => `user:${id}`,
    schema: User,
    strategy: CacheStrategy.MediumTerm,
  }).bind(cache);

  it('types every method by the key id and the schema output', () => {
    expectTypeOf(users.get).parameters.toEqualTypeOf<[id: number]>();
    expectTypeOf(users.get(1)).resolves.toEqualTypeOf<User | undefined>();
    expectTypeOf(
      users.getOrCompute(1, (id) => ({ id, name: 'a', joined: new Date() })),
    ).resolves.toEqualTypeOf<User>();
    expectTypeOf(users.invalidate(1)).resolves.toBeVoid();
  });

  it('refuses a wrong id or value', () => {
    // @ts-expect-error the id is a number
    users.get('1');
    // @ts-expect-error the id is a number
    users.invalidate('1');
    // @ts-expect-error joined is missing
    users.set(1, { id: 1, name: 'a' });
    // @ts-expect-error the computation returns the wrong shape
    users.getOrCompute(1, () => ({ id: '1' }));
    users.getOrCompute(1, (id) => {
      expectTypeOf(id).toEqualTypeOf<number>();
      return Promise.resolve({ id, name: 'a', joined: new Date() });
    });
  });
});
