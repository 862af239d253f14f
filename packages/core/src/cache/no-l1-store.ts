import type { L1Store } from '../stores/l1-store.js';

/** The L1 of a cache created with `l1: false`: holds nothing, so every read goes to the tiers. */
export function noL1Store(): L1Store {
  return {
    name: 'none',
    get: () => undefined,
    getWithTtl: () => undefined,
    set() {},
    delete: () => false,
    deleteMatching: () => 0,
    clear() {},
    size: 0,
  };
}
