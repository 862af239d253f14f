import {
  type MemoryL2Slot,
  memoryBusHub,
  memoryL1Store,
  memoryL2Store,
} from '@multi-tier-cache/core';
import * as vitest from 'vitest';
import { busSuite, l1StoreSuite, l2StoreSuite, staleLockSuite } from '../src/index.js';

l1StoreSuite(vitest, { name: 'memoryL1Store', createStore: () => memoryL1Store() });

const data = new Map<string, MemoryL2Slot>();
l2StoreSuite(vitest, {
  name: 'memoryL2Store',
  createStore: ({ prefix }) => memoryL2Store({ prefix, data }),
});

l2StoreSuite(vitest, {
  name: 'memoryL2Store declaring maxValueBytes',
  createStore: ({ prefix }) => ({
    ...memoryL2Store({ prefix, data }),
    maxValueBytes: 2 * 1024 * 1024,
  }),
});

staleLockSuite(vitest, {
  name: 'memoryL2Store',
  createStore: ({ prefix }) => memoryL2Store({ prefix, data }),
});

const hub = memoryBusHub();
busSuite(vitest, {
  name: 'memoryBusHub',
  createBuses: async (count) => Array.from({ length: count }, () => hub.connect()),
  reconnect: async () => hub.simulateReconnect(),
});
