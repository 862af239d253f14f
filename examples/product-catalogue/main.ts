/**
 * Product catalogue: tags and namespaces across two instances on one Redis.
 *
 * - Listing pages are computed once and tagged, from inside the computation, with the products
 *   they show (`ctx.setTags`); products live in their own namespace.
 * - A price change updates the product and runs `deleteByTag('product:7')`: every page showing
 *   product 7 is recomputed on both instances; pages without it stay cached. One Redis write per
 *   tag, whatever the number of pages.
 * - `namespace('pages').clear()` empties the pages (in Redis and in every instance's L1) and
 *   leaves the products.
 *
 * Run: pnpm --filter @multi-tier-cache/examples run product-catalogue   (uses REDIS_URL, or starts a Redis)
 */
import { strict as assert } from 'node:assert';
import { type CacheNamespace, createCache, type MultiTierCache } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { runExample } from '../shared/run-example.js';

/** Resolves when `cache` receives a bus message of `type` from another instance. */
function heard(cache: MultiTierCache, type: 'tags' | 'namespace'): Promise<void> {
  return new Promise((resolve) => {
    const off = cache.on('invalidation', ({ message, origin }) => {
      if (origin === 'remote' && message.type === type) {
        off();
        resolve();
      }
    });
  });
}

interface Product {
  id: number;
  name: string;
  price: number;
}

/** The "database". */
const products = new Map<number, Product>([
  [7, { id: 7, name: 'Walking boots', price: 120 }],
  [8, { id: 8, name: 'Rain jacket', price: 90 }],
  [9, { id: 9, name: 'Wool socks', price: 12 }],
]);
const categories: Record<string, number[]> = { shoes: [7, 9], outdoor: [7, 8], clothing: [8, 9] };

await runExample('product-catalogue: tags and namespaces', async ({ redisUrl, defer }) => {
  const prefix = 'examples:catalogue:';
  const channel = `${prefix}invalidate`;
  let renders = 0;

  async function instance(): Promise<MultiTierCache> {
    const bus = redisBus({ transport: ioredisTransport({ url: redisUrl }), channel });
    await bus.ready;
    const cache = createCache({
      l1: lruStore({ maxEntries: 1000 }),
      l2: [ioredisStore({ url: redisUrl, prefix })],
      bus,
    });
    defer(() => cache.close());
    return cache;
  }

  const a = await instance();
  const b = await instance();
  await a.clear(); // start from nothing under this example's prefix
  const pagesA = a.namespace('pages');
  const pagesB = b.namespace('pages');

  /** A category page, tagged with the products it shows. */
  const page = (pages: CacheNamespace, category: string) =>
    pages.getOrCompute(`category:${category}`, (ctx) => {
      renders++;
      const ids = categories[category]!;
      ctx.setTags(ids.map((id) => `product:${id}`));
      return ids
        .map((id) => products.get(id)!)
        .map((product) => `${product.name} ${product.price} EUR`)
        .join(', ');
    });

  // 1. Render every page on A; B reads them from Redis, without rendering.
  for (const category of Object.keys(categories)) await page(pagesA, category);
  for (const category of Object.keys(categories)) await page(pagesB, category);
  console.log(`\nthree category pages rendered ${renders} times for two instances`);
  assert.equal(renders, 3);

  // 2. The price of product 7 changes: one deleteByTag reaches every page showing it.
  products.set(7, { ...products.get(7)!, price: 99 });
  await a.namespace('products').set('7', products.get(7));
  const heardByB = heard(b, 'tags');
  const started = performance.now();
  await a.deleteByTag('product:7');
  console.log(
    `price of product 7 changed; deleteByTag('product:7') took ${(performance.now() - started).toFixed(1)} ms`,
  );
  // B learns it over the bus, within the bus's latency.
  await heardByB;
  console.log(`B heard it ${(performance.now() - started).toFixed(1)} ms after the call started`);
  renders = 0;
  const shoes = await page(pagesB, 'shoes');
  const outdoor = await page(pagesB, 'outdoor');
  const clothing = await page(pagesB, 'clothing');
  console.log(`B: shoes -> ${shoes}`);
  console.log(`B: outdoor -> ${outdoor}`);
  console.log(`B: clothing (no product 7, still cached) -> ${clothing}`);
  assert.match(shoes, /Walking boots 99 EUR/);
  assert.match(outdoor, /Walking boots 99 EUR/);
  assert.equal(renders, 2, 'only the two pages showing product 7 are rendered again');

  // 3. Clearing the pages namespace leaves the products namespace alone, on both instances.
  const clearHeard = heard(b, 'namespace');
  await pagesA.clear();
  await clearHeard;
  assert.equal(await pagesB.get('category:clothing'), undefined);
  assert.deepEqual(await b.namespace('products').get('7'), products.get(7));
  console.log('\npages namespace cleared everywhere; products kept');
  console.log(`pages view on B: ${JSON.stringify(pagesB.stats())}`);
});
