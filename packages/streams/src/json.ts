import { CacheError } from '@multi-tier-cache/core';
import type { StreamEntry } from './streaming-backend.js';

/**
 * Options of {@link jsonFields} and {@link parseJsonEntry}.
 *
 * @example
 * ```ts
 * jsonFields(order, { field: 'order' });
 * ```
 */
export interface JsonFieldOptions {
  /** The field that holds the JSON text. @default 'json' */
  readonly field?: string;
}

/**
 * Fields for `publish` that carry `value` as JSON in one field.
 *
 * @example
 * ```ts
 * await streams.publish('orders', jsonFields({ id: 7, items: ['a', 'b'] }));
 * ```
 */
export function jsonFields(value: unknown, options: JsonFieldOptions = {}): Record<string, string> {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new CacheError(
      'not-serializable',
      `${typeof value} cannot be written as JSON: pass an object, array or primitive`,
    );
  }
  return { [options.field ?? 'json']: text };
}

/**
 * The value {@link jsonFields} stored in an entry. `__proto__` keys are dropped, so untrusted
 * entries cannot reach an object's prototype when the result is merged elsewhere.
 *
 * @example
 * ```ts
 * const order = parseJsonEntry<Order>(entry);
 * ```
 */
export function parseJsonEntry<T = unknown>(entry: StreamEntry, options: JsonFieldOptions = {}): T {
  const field = options.field ?? 'json';
  const text = Object.hasOwn(entry.fields, field) ? entry.fields[field] : undefined;
  if (text === undefined) {
    throw new CacheError(
      'invalid-value',
      `entry ${entry.id} has no "${field}" field: was it published with jsonFields()?`,
    );
  }
  try {
    return JSON.parse(text, dropProto) as T;
  } catch (error) {
    throw new CacheError('invalid-value', `entry ${entry.id} field "${field}" is not valid JSON`, {
      cause: error,
    });
  }
}

function dropProto(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}
