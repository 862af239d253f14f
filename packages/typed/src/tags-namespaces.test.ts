import { createCache, losslessSerializer, memoryL2Store } from '@multi-tier-cache/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEntry } from './define-entry.js';
import { getOrComputeTyped } from './get-or-compute-typed.js';
import { getTyped } from './get-typed.js';
import { setTyped } from './set-typed.js';

const Product = z.object({ id: z.number(), price: z.number() });
const Page = z.object({ html: z.string() });

function setup() {
  return createCache({ serializer: losslessSerializer(), l2: [memoryL2Store()] });
}

describe('typed helpers with tags and namespaces', () => {
  it('getOrComputeTyped tags its value with the option and ctx.setTags', async () => {
    const cache = setup();
    await getOrComputeTyped(cache, 'page:a', Page, () => ({ html: 'a' }), { tags: ['product:7'] });
    await getOrComputeTyped(cache, 'page:b', Page, (ctx) => {
      ctx.setTags('product:9');
      return { html: 'b' };
    });
    await cache.deleteByTag('product:9');
    expect(await getTyped(cache, 'page:a', Page)).toEqual({ html: 'a' });
    expect(await getTyped(cache, 'page:b', Page)).toBeUndefined();
  });

  it('setTyped passes tags through', async () => {
    const cache = setup();
    await setTyped(cache, 'product:7', Product, { id: 7, price: 10 }, { ttl: '1m', tags: 'p7' });
    await cache.deleteByTag('p7');
    expect(await getTyped(cache, 'product:7', Product)).toBeUndefined();
  });

  it('entries bind to a namespace view and are cleared with it', async () => {
    const cache = setup();
    const products = defineEntry({ key: (id: number) => String(id), schema: Product }).bind(
      cache.namespace('catalogue'),
    );
    await products.set(7, { id: 7, price: 10 });
    expect(await cache.get('catalogue:7')).toEqual({ id: 7, price: 10 });
    expect(await products.get(7)).toEqual({ id: 7, price: 10 });
    await cache.namespace('catalogue').clear();
    expect(await products.get(7)).toBeUndefined();
  });
});
