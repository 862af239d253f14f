import { Buffer } from 'node:buffer';
import { CacheError } from '../errors.js';
import { className, formatPath, isPlainObject, withArticle } from './value-path.js';

/**
 * Throws `CacheError('not-serializable')` naming the first place where `JSON.parse(JSON.stringify
 * (value))` would not give back an equal value, so one instance's L1 (the live object) and
 * another's (the decoded bytes) can never hold different shapes. One walk, no strings built unless
 * it throws. `-0` passes: JSON writes it as `0`, which `===` it.
 */
export function assertJsonRoundTrips(value: unknown, dropUndefined: boolean): void {
  const walk = new JsonWalk(dropUndefined);
  try {
    walk.visit(value);
  } catch (error) {
    if (error instanceof CacheError) throw error;
    // Nesting deep enough to overflow the stack: JSON.stringify would fail the same way.
    throw new CacheError(
      'not-serializable',
      `value is nested too deeply to be written as JSON (at ${formatPath(walk.steps)}): flatten it`,
      { cause: error },
    );
  }
}

class JsonWalk {
  readonly steps: (string | number)[] = [];
  readonly #ancestors: object[] = [];
  readonly #dropUndefined: boolean;

  constructor(dropUndefined: boolean) {
    this.#dropUndefined = dropUndefined;
  }

  visit(value: unknown): void {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        break;
      case 'number':
        if (!Number.isFinite(value)) {
          this.#refuse(`is ${value}, which JSON turns into null: store null or a string`, true);
        }
        break;
      case 'object':
        if (value === null) break;
        if (Array.isArray(value)) this.#visitArray(value);
        else this.#visitObject(value);
        break;
      case 'undefined':
        this.#refuse('is undefined, which JSON cannot hold: store null', true);
        break;
      case 'bigint':
        this.#refuse('is a bigint, which JSON cannot hold: store it as a string', true);
        break;
      default:
        this.#refuse(`is a ${typeof value}, which JSON drops: store data only`, false);
    }
  }

  #visitArray(array: unknown[]): void {
    this.#enter(array);
    for (let index = 0; index < array.length; index++) {
      const item = array[index];
      this.steps.push(index);
      if (item === undefined) {
        this.#refuse('is undefined or an empty slot, which JSON turns into null: store null', true);
      }
      this.visit(item);
      this.steps.pop();
    }
    this.#leave();
  }

  #visitObject(object: object): void {
    if (!isPlainObject(object)) this.#refuseInstance(object);
    this.#enter(object);
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      this.steps.push(key);
      if (key === '__proto__') {
        this.#refuse('is an own property named "__proto__", which reads drop: rename it', false);
      }
      if (item === undefined) {
        if (this.#dropUndefined) {
          this.steps.pop();
          continue;
        }
        this.#refuse(
          'is undefined, which JSON drops: omit the property, store null, pass jsonSerializer({ dropUndefined: true })',
          true,
        );
      }
      this.visit(item);
      this.steps.pop();
    }
    this.#leave();
  }

  #enter(object: object): void {
    const seen = this.#ancestors.indexOf(object);
    if (seen !== -1) {
      const at = formatPath(this.steps.slice(0, seen));
      this.#refuse(
        `refers back to ${at} (a cycle), which JSON cannot hold: break the cycle`,
        false,
      );
    }
    this.#ancestors.push(object);
  }

  #leave(): void {
    this.#ancestors.pop();
  }

  #refuseInstance(object: object): never {
    if (object instanceof Date) {
      this.#refuse('is a Date, which JSON turns into a string: store date.toISOString()', true);
    }
    if (object instanceof Map) {
      this.#refuse('is a Map, which JSON turns into {}: store Object.fromEntries(map)', true);
    }
    if (object instanceof Set)
      this.#refuse('is a Set, which JSON turns into {}: store [...set]', true);
    if (Buffer.isBuffer(object)) {
      this.#refuse(
        "is a Buffer, which JSON turns into { type: 'Buffer', data: [...] }: store buffer.toString('base64')",
        true,
      );
    }
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
      this.#refuse(
        `is ${withArticle(className(object))}, which JSON turns into a plain object: store Array.from(it) or its base64`,
        object instanceof Uint8Array,
      );
    }
    const name = className(object);
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      this.#refuse(
        `is ${withArticle(name)} with toJSON(), which JSON replaces by what toJSON() returns: store value.toJSON() yourself`,
        false,
      );
    }
    this.#refuse(
      `is ${withArticle(name)}, which JSON turns into a plain object without its class: store a plain object and rebuild the ${name} after reading`,
      false,
    );
  }

  #refuse(what: string, losslessKeepsIt: boolean): never {
    const alternative = losslessKeepsIt ? ' or use losslessSerializer()' : '';
    throw new CacheError('not-serializable', `${formatPath(this.steps)} ${what}${alternative}`);
  }
}
