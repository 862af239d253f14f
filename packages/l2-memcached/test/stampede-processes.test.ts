import { fleetSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';

fleetSuite(vitest, {
  name: 'memcachedStore (leases)',
  store: (prefix) => ({
    module: new URL('../src/index.ts', import.meta.url).href,
    export: 'memcachedStore',
    options: { servers: vitest.inject('memcachedUrl'), prefix },
  }),
  execArgv: ['--conditions=@multi-tier-cache/source', '--import', 'tsx'],
  expiryResolutionMs: 1_000,
});
