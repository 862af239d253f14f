// Type-checked with `module: commonjs`: TypeScript compiles these imports to require() calls.
import { type CacheOptions, createCache, memoryL2Store } from '@multi-tier-cache/core';
import { lruStore } from '@multi-tier-cache/l1-lru';
import { ioredisStore } from '@multi-tier-cache/l2-ioredis';
import { CacheSystem } from 'multi-tier-cache';

const options: CacheOptions = { l1: lruStore({ maxEntries: 10_000 }), l2: [memoryL2Store()] };
const cache = createCache(options);
export const stored: Promise<void> = cache.set('user:1', { name: 'Ada' }, { ttl: '10m' });
export const redis = ioredisStore({ url: 'redis://127.0.0.1:6379', prefix: 'myapp:' });
export const system: Promise<CacheSystem> = CacheSystem.withRedisUrl('redis://127.0.0.1:6379');
