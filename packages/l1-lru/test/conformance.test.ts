import { l1StoreSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';
import { lruStore } from '../src/index.js';

l1StoreSuite(vitest, { name: 'lruStore', createStore: () => lruStore() });
l1StoreSuite(vitest, {
  name: 'lruStore with maxBytes',
  createStore: () => lruStore({ maxEntries: 500, maxBytes: 1024 * 1024 }),
});
