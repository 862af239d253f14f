import { readExpiryFrame } from '@multi-tier-cache/core';
import type { Cluster, Redis } from 'ioredis';

/** The value the store wrote under `fullKey`, as text, read with another client (frame removed). */
export async function storedText(client: Redis | Cluster, fullKey: string): Promise<string | null> {
  const bytes = await client.getBuffer(fullKey);
  return bytes === null ? null : Buffer.from(readExpiryFrame(bytes).value).toString('utf8');
}
