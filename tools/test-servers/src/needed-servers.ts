/** Which of the shared servers a run needs. */
export interface NeededServers {
  redis: boolean;
  memcached: boolean;
  cluster: boolean;
}

/**
 * Reads which shared servers the selected test files ask for through `inject()`, so a run that
 * selects only L1 or core tests starts none, and one that never injects `clusterNodes` starts no
 * Cluster. A file naming the key in quotes counts as asking for it.
 *
 * @example
 * ```ts
 * neededServers([`const url = inject('redisUrl');`]); // { redis: true, memcached: false, cluster: false }
 * ```
 */
export function neededServers(sources: readonly string[]): NeededServers {
  const asks = (key: string): boolean =>
    sources.some((source) => source.includes(`'${key}'`) || source.includes(`"${key}"`));
  return {
    redis: asks('redisUrl'),
    memcached: asks('memcachedUrl'),
    cluster: asks('clusterNodes'),
  };
}
