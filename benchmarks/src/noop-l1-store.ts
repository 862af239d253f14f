import type { L1Store } from '@multi-tier-cache/core';

/** An L1 that never holds anything, so every read goes to the shared tier being measured. */
export function noopL1Store(): L1Store {
  return {
    name: 'noop',
    get: () => undefined,
    getWithTtl: () => undefined,
    set() {},
    delete: () => false,
    deleteMatching: () => 0,
    clear() {},
    size: 0,
  };
}
