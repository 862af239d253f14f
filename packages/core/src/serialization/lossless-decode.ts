import { Buffer } from 'node:buffer';
import { CacheError } from '../errors.js';
import { TAG } from './lossless-tags.js';

const HEX = /^-?[0-9a-f]+$/;
const NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/**
 * Rebuilds a value from a parsed tree of the lossless encoding. The tree comes from untrusted
 * bytes: every tag is checked, `__proto__` keys are dropped, nesting is bounded, and every
 * conversion (hex BigInt, base64) runs in linear time; anything unexpected throws.
 */
export function decodeLossless(tree: unknown, maxDepth: number): unknown {
  return decode(tree, 0, maxDepth);
}

function decode(node: unknown, depth: number, maxDepth: number): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    checkDepth(depth, maxDepth);
    const out = new Array<unknown>(node.length);
    for (let index = 0; index < node.length; index++) {
      out[index] = decode(node[index], depth + 1, maxDepth);
    }
    return out;
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  const first = keys[0];
  if (
    keys.length === 1 &&
    first !== undefined &&
    first.startsWith('$') &&
    !first.startsWith('$$')
  ) {
    return decodeTagged(first, record[first], depth, maxDepth);
  }
  checkDepth(depth, maxDepth);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') continue;
    let name = key;
    if (key.startsWith('$')) {
      if (!key.startsWith('$$')) garbage(`an unknown tag ${JSON.stringify(key)} among other keys`);
      name = key.slice(1);
    }
    out[name] = decode(record[key], depth + 1, maxDepth);
  }
  return out;
}

function decodeTagged(tag: string, payload: unknown, depth: number, maxDepth: number): unknown {
  switch (tag) {
    case TAG.date:
      if (payload !== null && typeof payload !== 'number') garbage('a $date that is not a number');
      return new Date(payload ?? Number.NaN);
    case TAG.bigint: {
      if (typeof payload !== 'string' || !HEX.test(payload)) garbage('a $bigint that is not hex');
      return payload.startsWith('-') ? -BigInt(`0x${payload.slice(1)}`) : BigInt(`0x${payload}`);
    }
    case TAG.bytes:
      if (typeof payload !== 'string') garbage('$bytes that are not base64');
      return new Uint8Array(Buffer.from(payload, 'base64'));
    case TAG.buffer:
      if (typeof payload !== 'string') garbage('a $buffer that is not base64');
      return Buffer.from(payload, 'base64');
    case TAG.undefined:
      if (payload !== true) garbage('an $undefined that is not true');
      return undefined;
    case TAG.number: {
      const number = typeof payload === 'string' ? NUMBERS[payload] : undefined;
      if (number === undefined || !Object.hasOwn(NUMBERS, payload as string)) {
        garbage('a $number that is not NaN, Infinity, -Infinity or -0');
      }
      return number;
    }
    case TAG.set: {
      if (!Array.isArray(payload)) garbage('a $set that is not an array');
      checkDepth(depth, maxDepth);
      const set = new Set<unknown>();
      for (const item of payload) set.add(decode(item, depth + 1, maxDepth));
      return set;
    }
    case TAG.map: {
      if (!Array.isArray(payload)) garbage('a $map that is not an array');
      checkDepth(depth, maxDepth);
      const map = new Map<unknown, unknown>();
      for (const entry of payload) {
        if (!Array.isArray(entry) || entry.length !== 2) garbage('a $map entry that is not a pair');
        map.set(decode(entry[0], depth + 1, maxDepth), decode(entry[1], depth + 1, maxDepth));
      }
      return map;
    }
    default:
      return garbage(`an unknown tag ${JSON.stringify(tag)}`);
  }
}

/** Containers (arrays, objects, Maps, Sets) count toward maxDepth exactly as the encoder counts them. */
function checkDepth(depth: number, maxDepth: number): void {
  if (depth >= maxDepth) garbage(`nesting deeper than maxDepth (${maxDepth})`);
}

function garbage(what: string): never {
  throw new CacheError(
    'invalid-value',
    `bytes are not losslessSerializer() output (${what}): another serializer wrote this key, or it is corrupt`,
  );
}
