import { Redis } from 'ioredis';
import { groupOf } from './keys.js';

/**
 * The source of truth, on a Redis that is never faulted: per key a version counter and a sorted
 * set of resolved writes (score: the moment the cache call resolved, member: the version it made
 * current). Writes to a group hold the group's lock, so the cache calls of one key never overlap
 * and "the latest resolved write" is well defined.
 */

const LATEST_BEFORE = `
local top = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'LIMIT', 0, 16)
local best = 0
for _, member in ipairs(top) do
  local version = tonumber(member)
  if version > best then best = version end
end
return best`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class Truth {
  readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  }

  async version(key: string): Promise<number> {
    return Number((await this.redis.get(`ver:${key}`)) ?? 0);
  }

  next(key: string): Promise<number> {
    return this.redis.incr(`ver:${key}`);
  }

  async resolved(key: string, version: number, at: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(`resolved:${key}`, at, String(version))
      .zremrangebyrank(`resolved:${key}`, 0, -257)
      .exec();
  }

  /** The highest version among the writes of `key` resolved at or before `at` (0 if none). */
  async latestBefore(key: string, at: number): Promise<number> {
    return Number(await this.redis.eval(LATEST_BEFORE, 1, `resolved:${key}`, String(at)));
  }

  /** When the last write of `key` resolved (0 if never). */
  async lastResolvedAt(key: string): Promise<number> {
    const top = await this.redis.zrevrange(`resolved:${key}`, 0, 0, 'WITHSCORES');
    return top.length === 2 ? Number(top[1]) : 0;
  }

  async lock(key: string, token: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`lock:g${groupOf(key)}`, token, 'PX', ms, 'NX')) === 'OK';
  }

  async locked(key: string): Promise<boolean> {
    return (await this.redis.exists(`lock:g${groupOf(key)}`)) === 1;
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `lock:g${groupOf(key)}`, token);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
