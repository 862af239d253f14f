import { staleLockSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { nodeRedisStore } from '../src/index.js';

staleLockSuite(vitest, {
  name: 'nodeRedisStore, standalone',
  createStore: ({ prefix }) => nodeRedisStore({ url: vitest.inject('redisUrl'), prefix }),
});

staleLockSuite(vitest, {
  name: 'nodeRedisStore, 3-master Cluster',
  createStore: ({ prefix }) =>
    nodeRedisStore({ clusterNodes: vitest.inject('clusterNodes'), prefix }),
});
