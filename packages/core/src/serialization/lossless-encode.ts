import { Buffer } from 'node:buffer';
import { CacheError } from '../errors.js';
import { TAG } from './lossless-tags.js';
import { className, formatPath, isPlainObject, withArticle } from './value-path.js';

/**
 * Turns a value into a JSON-safe tree of the lossless encoding: JSON's own values pass through,
 * everything else JSON would change becomes a one-key tagged object. Throws
 * `CacheError('not-serializable')` naming the path for what it cannot rebuild.
 */
export function encodeLossless(value: unknown, maxDepth: number): unknown {
  return new LosslessEncoder(maxDepth).encode(value);
}

class LosslessEncoder {
  readonly #steps: (string | number)[] = [];
  readonly #ancestors: object[] = [];
  readonly #maxDepth: number;

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
  }

  encode(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0)
          ? value
          : { [TAG.number]: Object.is(value, -0) ? '-0' : String(value) };
      case 'undefined':
        return { [TAG.undefined]: true };
      case 'bigint':
        return { [TAG.bigint]: value < 0n ? `-${(-value).toString(16)}` : value.toString(16) };
      case 'object':
        return value === null ? null : this.#encodeObject(value);
      default:
        return this.#refuse(`is a ${typeof value}, which no serializer can store: store data only`);
    }
  }

  #encodeObject(object: object): unknown {
    if (Array.isArray(object)) return this.#within(object, () => this.#encodeArray(object));
    if (object instanceof Date) {
      const time = object.getTime();
      return { [TAG.date]: Number.isNaN(time) ? null : time };
    }
    if (Buffer.isBuffer(object)) return { [TAG.buffer]: object.toString('base64') };
    if (object instanceof Uint8Array && object.constructor === Uint8Array) {
      return {
        [TAG.bytes]: Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString(
          'base64',
        ),
      };
    }
    if (object instanceof Map)
      return this.#within(object, () => ({ [TAG.map]: this.#encodeMap(object) }));
    if (object instanceof Set)
      return this.#within(object, () => ({ [TAG.set]: this.#encodeSet(object) }));
    if (isPlainObject(object)) return this.#within(object, () => this.#encodePlain(object));
    return this.#refuse(
      `is ${withArticle(className(object))}, which losslessSerializer() cannot rebuild: store a plain object and rebuild the ${className(object)} after reading`,
    );
  }

  #encodeArray(array: unknown[]): unknown[] {
    const out = new Array<unknown>(array.length);
    for (let index = 0; index < array.length; index++) {
      this.#steps.push(index);
      out[index] = this.encode(array[index]);
      this.#steps.pop();
    }
    return out;
  }

  #encodeMap(map: Map<unknown, unknown>): unknown[] {
    const out: unknown[] = [];
    let index = 0;
    for (const [key, item] of map) {
      this.#steps.push(`<map entry ${index}>`);
      out.push([this.encode(key), this.encode(item)]);
      this.#steps.pop();
      index++;
    }
    return out;
  }

  #encodeSet(set: Set<unknown>): unknown[] {
    const out: unknown[] = [];
    let index = 0;
    for (const item of set) {
      this.#steps.push(`<set item ${index}>`);
      out.push(this.encode(item));
      this.#steps.pop();
      index++;
    }
    return out;
  }

  #encodePlain(object: object): Record<string, unknown> {
    const record = object as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      this.#steps.push(key);
      if (key === '__proto__') {
        this.#refuse('is an own property named "__proto__", which reads drop: rename it');
      }
      out[key.startsWith('$') ? `$${key}` : key] = this.encode(record[key]);
      this.#steps.pop();
    }
    return out;
  }

  #within<T>(container: object, encode: () => T): T {
    const seen = this.#ancestors.indexOf(container);
    if (seen !== -1) {
      const at = formatPath(this.#steps.slice(0, seen));
      this.#refuse(
        `refers back to ${at} (a cycle), which no serializer here can store: break the cycle`,
      );
    }
    if (this.#ancestors.length >= this.#maxDepth) {
      this.#refuse(
        `is nested deeper than maxDepth (${this.#maxDepth}): flatten it or raise maxDepth`,
      );
    }
    this.#ancestors.push(container);
    const encoded = encode();
    this.#ancestors.pop();
    return encoded;
  }

  #refuse(what: string): never {
    throw new CacheError('not-serializable', `${formatPath(this.#steps)} ${what}`);
  }
}
