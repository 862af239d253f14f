import { staleLockSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { memcachedStore } from '../src/index.js';

staleLockSuite(vitest, {
  name: 'memcachedStore',
  createStore: ({ prefix }) => memcachedStore({ servers: vitest.inject('memcachedUrl'), prefix }),
  expiryResolutionMs: 1_000,
});
