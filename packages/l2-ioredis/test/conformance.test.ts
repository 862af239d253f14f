import { l2StoreSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { ioredisStore } from '../src/index.js';

l2StoreSuite(vitest, {
  name: 'ioredis standalone',
  createStore: ({ prefix }) => ioredisStore({ url: vitest.inject('redisUrl'), prefix }),
});

l2StoreSuite(vitest, {
  name: 'ioredis cluster',
  createStore: ({ prefix }) =>
    ioredisStore({ clusterNodes: vitest.inject('clusterNodes'), prefix }),
});

l2StoreSuite(vitest, {
  name: 'ioredis standalone with plain values (TTL from the server)',
  createStore: ({ prefix }) =>
    ioredisStore({
      url: vitest.inject('redisUrl'),
      prefix,
      valueFormat: 'plain',
      commandTimeout: 1000,
    }),
});
