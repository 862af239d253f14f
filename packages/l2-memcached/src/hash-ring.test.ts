import { describe, expect, it } from 'vitest';
import { HashRing, hashKey } from './hash-ring.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `user:${i}:profile`);

describe('HashRing', () => {
  it('spreads keys evenly over three servers', () => {
    const ring = new HashRing(['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211']);
    const counts = new Map<string, number>();
    for (const key of keys) {
      const server = ring.serverFor(key);
      counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    for (const count of counts.values()) {
      expect(count / keys.length).toBeGreaterThan(0.25);
      expect(count / keys.length).toBeLessThan(0.42);
    }
  });

  it('moves about a quarter of the keys, all to the new server, when a fourth server joins', () => {
    const three = new HashRing(['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211']);
    const four = new HashRing([...three.servers, '10.0.0.4:11211']);
    let moved = 0;
    for (const key of keys) {
      const before = three.serverFor(key);
      const after = four.serverFor(key);
      if (before !== after) {
        moved++;
        expect(after).toBe('10.0.0.4:11211');
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.18);
    expect(moved / keys.length).toBeLessThan(0.32);
  });

  it('is deterministic and independent of the order servers are listed in', () => {
    const a = new HashRing(['b:1', 'a:1', 'c:1']);
    const b = new HashRing(['c:1', 'b:1', 'a:1']);
    for (const key of keys.slice(0, 1000)) expect(a.serverFor(key)).toBe(b.serverFor(key));
  });

  it('gives the index of the same server from a hash', () => {
    const ring = new HashRing(['a:1', 'b:1', 'c:1']);
    for (const key of keys.slice(0, 1000)) {
      expect(ring.servers[ring.indexForHash(hashKey(key))]).toBe(ring.serverFor(key));
    }
  });

  it('sends everything to a single server', () => {
    const ring = new HashRing(['only:11211']);
    expect(ring.serverFor('anything')).toBe('only:11211');
  });

  it('hashes keys to unsigned 32-bit integers', () => {
    expect(hashKey('user:1')).toBe(hashKey('user:1'));
    expect(hashKey('user:1')).not.toBe(hashKey('user:2'));
    expect(hashKey('x')).toBeGreaterThanOrEqual(0);
    expect(hashKey('x')).toBeLessThan(2 ** 32);
  });
});
