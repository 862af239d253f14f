import { RESP_TYPES } from 'redis';

/** node-redis type mapping that returns bulk strings as Buffers (values are bytes, not text). */
export const BUFFER_REPLIES = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;
