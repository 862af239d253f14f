import { staleLockSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { ioredisStore } from '../src/index.js';

staleLockSuite(vitest, {
  name: 'ioredisStore, standalone',
  createStore: ({ prefix }) => ioredisStore({ url: vitest.inject('redisUrl'), prefix }),
});

staleLockSuite(vitest, {
  name: 'ioredisStore, 3-master Cluster',
  createStore: ({ prefix }) =>
    ioredisStore({ clusterNodes: vitest.inject('clusterNodes'), prefix }),
});
