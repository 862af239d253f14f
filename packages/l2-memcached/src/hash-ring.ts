import { createHash } from 'node:crypto';

/** Points each server gets on the ring (ketama uses 160). */
export const DEFAULT_VIRTUAL_NODES = 160;

/**
 * Consistent hashing in the ketama style: each server is placed at `virtualNodes` points on a
 * 32-bit ring (four points per MD5 digest of `"<server>-<n>"`), and a key belongs to the first
 * point at or after its hash. Adding a server to N moves about 1/(N+1) of the keys, all of them to
 * the new server. Keys are hashed with FNV-1a and a final avalanche, which is fast on the hot path;
 * the layout is therefore not byte-compatible with libmemcached's ketama.
 *
 * @example
 * ```ts
 * const ring = new HashRing(['10.0.0.1:11211', '10.0.0.2:11211']);
 * ring.serverFor('user:1'); // '10.0.0.2:11211'
 * ```
 */
export class HashRing<Server extends string = string> {
  readonly servers: readonly Server[];
  readonly #points: Uint32Array;
  /** Index into `servers` of the owner of each point. */
  readonly #owners: Uint32Array;

  constructor(servers: readonly Server[], virtualNodes: number = DEFAULT_VIRTUAL_NODES) {
    if (servers.length === 0) throw new Error('a hash ring needs at least one server');
    this.servers = [...servers];
    const entries: { point: number; server: Server; index: number }[] = [];
    const digests = Math.max(1, Math.ceil(virtualNodes / 4));
    for (const [index, server] of servers.entries()) {
      for (let n = 0; n < digests; n++) {
        const digest = createHash('md5').update(`${server}-${n}`).digest();
        for (let part = 0; part < 4; part++) {
          entries.push({ point: digest.readUInt32LE(part * 4), server, index });
        }
      }
    }
    entries.sort((a, b) => a.point - b.point || (a.server < b.server ? -1 : 1));
    this.#points = Uint32Array.from(entries, (entry) => entry.point);
    this.#owners = Uint32Array.from(entries, (entry) => entry.index);
  }

  /** The server that owns `key`. */
  serverFor(key: string): Server {
    return this.servers[this.indexForHash(hashKey(key))]!;
  }

  /**
   * Index in `servers` of the owner of a key whose {@link hashKey} is `hash`, for callers that
   * hash a key once and use the hash for more than placement.
   */
  indexForHash(hash: number): number {
    if (this.servers.length === 1) return 0;
    return this.#owners[this.#pointFor(hash)]!;
  }

  #pointFor(hash: number): number {
    const points = this.#points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < hash) low = middle + 1;
      else high = middle;
    }
    return low === points.length ? 0 : low;
  }
}

/**
 * 32-bit FNV-1a over the UTF-16 code units of `key`, followed by murmur3's finaliser so that
 * similar keys land far apart on the ring.
 *
 * @example
 * ```ts
 * hashKey('user:1'); // an unsigned 32-bit integer
 * ```
 */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
