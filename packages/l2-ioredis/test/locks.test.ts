import { fleetSuite } from '@multi-tier-cache/conformance';
import * as vitest from 'vitest';

const module = new URL('../src/index.ts', import.meta.url).href;
const execArgv = ['--conditions=@multi-tier-cache/source', '--import', 'tsx'];

fleetSuite(vitest, {
  name: 'ioredisStore, standalone',
  store: (prefix) => ({
    module,
    export: 'ioredisStore',
    options: { url: vitest.inject('redisUrl'), prefix },
  }),
  execArgv,
});

fleetSuite(vitest, {
  name: 'ioredisStore, 3-master Cluster',
  store: (prefix) => ({
    module,
    export: 'ioredisStore',
    options: { clusterNodes: vitest.inject('clusterNodes'), prefix },
  }),
  execArgv,
});
