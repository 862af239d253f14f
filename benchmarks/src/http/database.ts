import { setTimeout as sleep } from 'node:timers/promises';

/** Hot ids the HTTP benchmark requests, in a cycle. */
export const HOT_IDS = 2000;
/** What one simulated query waits, like a database round trip on a local network. */
export const QUERY_MS = 1;
/** Queries served at once, like a connection pool; the others wait their turn. */
export const POOL_SIZE = 10;

/** One row of the simulated table: about 200 bytes of JSON. */
export interface Item {
  readonly id: number;
  readonly name: string;
  readonly price: number;
  readonly stock: number;
  readonly tags: readonly string[];
  readonly description: string;
}

export const item = (id: number): Item => ({
  id,
  name: `Item ${id}`,
  price: Math.round(((id * 7919) % 10_000) + 99) / 100,
  stock: (id * 31) % 500,
  tags: ['catalog', id % 2 === 0 ? 'even' : 'odd', `group-${id % 20}`],
  description: 'A simulated row: the same bytes whichever mode serves it.',
});

let busy = 0;
const queued: (() => void)[] = [];

/** The simulated database: every query holds one of `POOL_SIZE` connections for `QUERY_MS`. */
export async function query(id: number): Promise<Item> {
  if (busy === POOL_SIZE) await new Promise<void>((resolve) => queued.push(resolve));
  else busy++;
  try {
    await sleep(QUERY_MS);
    return item(id);
  } finally {
    // The connection goes straight to the next query in line, or back to the pool.
    const next = queued.shift();
    if (next) next();
    else busy--;
  }
}
