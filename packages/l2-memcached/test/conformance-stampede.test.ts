import { l2StoreSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { memcachedStore } from '../src/index.js';

l2StoreSuite(vitest, {
  name: 'memcached with stampedeProtection',
  createStore: ({ prefix }) =>
    memcachedStore({ servers: vitest.inject('memcachedUrl'), prefix, stampedeProtection: true }),
  skip: {
    'stores a 1 MiB value':
      "memcached's default item size limit (-I 1m) counts the item header and key, so maxValueBytes defaults to 1 MiB - 1 KiB",
  },
});
