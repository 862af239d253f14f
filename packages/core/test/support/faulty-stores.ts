import type { L1Store, L2Store } from '../../src/index.js';

/** How a wrapped method fails: a synchronous throw, a rejection, or a promise that never settles. */
export type Fault = 'throw' | 'reject' | 'hang';

export type L2Method =
  | 'get'
  | 'getMany'
  | 'set'
  | 'setMany'
  | 'delete'
  | 'deleteMatching'
  | 'clear'
  | 'ping'
  | 'close';
export type L1Method = 'get' | 'getWithTtl' | 'set' | 'delete' | 'deleteMatching' | 'clear';

export const L2_METHODS: readonly L2Method[] = [
  'get',
  'getMany',
  'set',
  'setMany',
  'delete',
  'deleteMatching',
  'clear',
  'ping',
  'close',
];

/**
 * An L2 store that fails on demand: `faults` says which methods fail and how, and can change
 * between calls. `settled` counts the calls that reached the real store and finished.
 */
export function faultyL2(base: L2Store, faults: Partial<Record<L2Method, Fault>> = {}) {
  const state = { faults, calls: 0, started: [] as L2Method[], finished: [] as L2Method[] };
  const store = { ...base } as L2Store;
  const record = store as unknown as Record<L2Method, (...args: unknown[]) => unknown>;
  const original = base as unknown as Record<L2Method, (...args: unknown[]) => Promise<unknown>>;
  for (const method of L2_METHODS) {
    record[method] = (...args: unknown[]) => {
      state.calls++;
      state.started.push(method);
      const fault = state.faults[method];
      if (fault === 'throw') throw new Error(`injected ${method} throw`);
      if (fault === 'reject') return Promise.reject(new Error(`injected ${method} rejection`));
      if (fault === 'hang') return new Promise(() => {});
      return original[method]!.apply(base, args).finally(() => state.finished.push(method));
    };
  }
  return { store, state };
}

/** An L1 store whose methods throw on demand (an L1 is synchronous: it can only throw). */
export function faultyL1(base: L1Store, faults: Partial<Record<L1Method, boolean>> = {}) {
  const state = { faults };
  const check = (method: L1Method) => {
    if (state.faults[method]) throw new Error(`injected L1 ${method} throw`);
  };
  const store: L1Store = {
    name: base.name,
    get size() {
      return base.size;
    },
    get(key) {
      check('get');
      return base.get(key);
    },
    getWithTtl(key) {
      check('getWithTtl');
      return base.getWithTtl(key);
    },
    set(key, value, ttlMs) {
      check('set');
      base.set(key, value, ttlMs);
    },
    delete(key) {
      check('delete');
      return base.delete(key);
    },
    deleteMatching(glob) {
      check('deleteMatching');
      return base.deleteMatching(glob);
    },
    clear() {
      check('clear');
      base.clear();
    },
  };
  return { store, state };
}

/** 'pending' when `promise` has not settled after `ms` (a hang detector, not a timing assertion). */
export async function outcome(
  promise: Promise<unknown>,
  ms = 2000,
): Promise<'fulfilled' | 'rejected' | 'pending'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'fulfilled' as const,
        () => 'rejected' as const,
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
