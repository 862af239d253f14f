// The values tools/test-servers/src/global-setup.ts provides to every test file.
declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    memcachedUrl: string;
    clusterNodes: { host: string; port: number }[];
  }
}

export {};
