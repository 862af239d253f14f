import { readExpiryFrame } from '@multi-tier-cache/core';
import { RESP_TYPES } from 'redis';

/** Anything with node-redis' `withTypeMapping` (a client). */
interface TypeMappable {
  withTypeMapping(mapping: { [RESP_TYPES.BLOB_STRING]: typeof Buffer }): {
    get(key: string): Promise<unknown>;
  };
}

/** The value the store wrote under `fullKey`, as text, read with another client (frame removed). */
export async function storedText(client: TypeMappable, fullKey: string): Promise<string | null> {
  const bytes = (await client
    .withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
    .get(fullKey)) as Buffer | null;
  return bytes === null ? null : Buffer.from(readExpiryFrame(bytes).value).toString('utf8');
}
