import { createCache } from '@multi-tier-cache/core';
import { ioredisTransport, redisBus } from '@multi-tier-cache/invalidation';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createBentocache } from '../peers.js';
import { HOT_IDS, type Item, item, query } from './database.js';

/** How the server answers `/items/:id`: a value, or a promise of one. */
export type Lookup = (id: number) => Item | Promise<Item>;

/**
 * Modes of the HTTP benchmark. `no-cache` is the ceiling the others are compared with: no cache
 * library and no database, a map computed before the server starts. `database` queries the
 * simulated database on every request, to show what a cache is for.
 */
export const HTTP_MODES = ['no-cache', 'database', 'lru-cache', 'bentocache', 'ours'] as const;
export type HttpMode = (typeof HTTP_MODES)[number];

const TTL_MS = 3_600_000;
const ENTRIES = 10_000;

/** Builds the lookup of one mode; every cache mode fills itself from the simulated database. */
export function lookupFor(mode: HttpMode, url: string): Lookup {
  switch (mode) {
    case 'no-cache': {
      const rows = new Map(Array.from({ length: HOT_IDS }, (_, id) => [id, item(id)]));
      return (id) => rows.get(id) ?? item(id);
    }
    case 'database':
      return query;
    case 'lru-cache': {
      const lru = new LRUCache<number, Item>({ max: ENTRIES, ttl: TTL_MS });
      return (id) =>
        lru.get(id) ??
        query(id).then((row) => {
          lru.set(id, row);
          return row;
        });
    }
    case 'bentocache': {
      const bento = createBentocache({ url, l1: true, bus: true, prefix: 'http-bento' });
      return (id) => bento.getOrSet({ key: `item:${id}`, factory: () => query(id) });
    }
    case 'ours': {
      const client = new Redis(url);
      const cache = createCache({
        l1: lruStore({ maxEntries: ENTRIES }),
        l2: [ioredisStore({ client, prefix: 'http-ours:' })],
        bus: redisBus({ transport: ioredisTransport({ client }), channel: 'bench:http:ours' }),
      });
      return (id) => cache.getOrCompute(`item:${id}`, () => query(id), { ttl: '1h' });
    }
  }
}
