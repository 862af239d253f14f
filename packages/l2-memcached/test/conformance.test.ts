import { l2StoreSuite } from '@multi-tier-cache/conformance';
import { type MemcachedServer, startMemcached } from '@multi-tier-cache/test-servers';
import * as vitest from 'vitest';
import { memcachedStore } from '../src/index.js';

l2StoreSuite(vitest, {
  name: 'memcached, one server',
  createStore: ({ prefix }) => memcachedStore({ servers: vitest.inject('memcachedUrl'), prefix }),
  skip: {
    'stores a 1 MiB value':
      "memcached's default item size limit (-I 1m) counts the item header and key, so maxValueBytes defaults to 1 MiB - 1 KiB; the two-server suite runs it with -I 2m",
  },
});

// Two servers of our own, with a larger item size limit so that a 1 MiB value fits.
const servers: MemcachedServer[] = await Promise.all([
  startMemcached({ itemSizeLimit: '2m' }),
  startMemcached({ itemSizeLimit: '2m' }),
]);
vitest.afterAll(() => Promise.all(servers.map((server) => server.stop())));

l2StoreSuite(vitest, {
  name: 'memcached, two servers',
  createStore: ({ prefix }) =>
    memcachedStore({
      servers: servers.map((server) => server.url),
      prefix,
      maxValueBytes: 2 * 1024 * 1024 - 1024,
    }),
});
