import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { TypedCounters } from './typed-stats.js';

/** What a memo answers for a value that failed its schema. */
export const INVALID: unique symbol = Symbol('invalid');
export type Checked<T> = T | typeof INVALID;

/** Primitives remembered per schema before the memo starts over. */
const MAX_PRIMITIVES = 1024;
/** Longer strings are validated each time rather than held by the memo. */
const MAX_REMEMBERED_STRING = 1024;

/**
 * Remembers what a schema made of each value it saw: objects by identity (weakly, so a value
 * evicted from L1 is forgotten with it), small primitives in a bounded map. L1 holds live values,
 * so an L1 hit hands back the very object validated before and costs one WeakMap lookup.
 * Schemas are assumed pure: the same input always gives the same verdict.
 */
export class SchemaMemo<Out> {
  readonly #validate: StandardSchemaV1.Props<unknown, Out>['validate'];
  readonly #objects = new WeakMap<object, Checked<Out>>();
  readonly #primitives = new Map<unknown, Checked<Out>>();

  constructor(schema: StandardSchemaV1<unknown, Out>) {
    this.#validate = schema['~standard'].validate;
  }

  /** The remembered output of `raw`, `INVALID`, or `undefined` when `raw` was never checked. */
  known(raw: unknown): Checked<Out> | undefined {
    return isObject(raw) ? this.#objects.get(raw) : this.#primitives.get(raw);
  }

  /** Records a value the program produced itself (typed as the output) as valid. */
  trust(value: Out): Out {
    if (isObject(value)) this.#objects.set(value, value);
    return value;
  }

  /** Runs the schema on `raw`; synchronous unless the schema is. Never throws. */
  check(raw: unknown, key: string, counters: TypedCounters): Checked<Out> | Promise<Checked<Out>> {
    counters.validations++;
    let result: StandardSchemaV1.Result<Out> | Promise<StandardSchemaV1.Result<Out>>;
    try {
      result = this.#validate(raw);
    } catch (error) {
      return this.#remember(raw, thrown(error), key, counters);
    }
    if (result instanceof Promise) {
      counters.asyncValidations++;
      return result.then(
        (settled) => this.#remember(raw, settled, key, counters),
        (error: unknown) => this.#remember(raw, thrown(error), key, counters),
      );
    }
    return this.#remember(raw, result, key, counters);
  }

  #remember(
    raw: unknown,
    result: StandardSchemaV1.Result<Out>,
    key: string,
    counters: TypedCounters,
  ): Checked<Out> {
    let checked: Checked<Out>;
    if (result.issues) {
      counters.lastInvalid = { key, issues: result.issues };
      checked = INVALID;
    } else {
      checked = result.value;
      if (checked !== raw) this.trust(checked);
    }
    if (isObject(raw)) {
      this.#objects.set(raw, checked);
    } else if (typeof raw !== 'string' || raw.length <= MAX_REMEMBERED_STRING) {
      if (this.#primitives.size >= MAX_PRIMITIVES) this.#primitives.clear();
      this.#primitives.set(raw, checked);
    }
    return checked;
  }
}

const memos = new WeakMap<object, SchemaMemo<unknown>>();

/** The memo of `schema`, shared by every helper and cache that uses it. */
export function memoFor<Out>(schema: StandardSchemaV1<unknown, Out>): SchemaMemo<Out> {
  let memo = memos.get(schema) as SchemaMemo<Out> | undefined;
  if (memo === undefined) {
    memo = new SchemaMemo(schema);
    memos.set(schema, memo as SchemaMemo<unknown>);
  }
  return memo;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function thrown(error: unknown): StandardSchemaV1.FailureResult {
  return {
    issues: [
      { message: `the schema threw: ${error instanceof Error ? error.message : String(error)}` },
    ],
  };
}
