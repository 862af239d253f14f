export { estimateSize } from './estimate-size.js';
export { lruStore } from './lru-store.js';
export type { LruStoreOptions } from './lru-store-options.js';
