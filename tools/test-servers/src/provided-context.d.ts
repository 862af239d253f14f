// The values global-setup.ts provides to every test file through vitest's inject(). Each
// package's tsconfig includes this file, so `inject('redisUrl')` is typed everywhere.
declare module 'vitest' {
  export interface ProvidedContext {
    /** A standalone redis-server shared by the whole run. Tests must use their own key prefix. */
    redisUrl: string;
    /** A memcached shared by the whole run. */
    memcachedUrl: string;
    /** Seed nodes of a 3-master Redis Cluster shared by the whole run. */
    clusterNodes: { host: string; port: number }[];
  }
}

export {};
