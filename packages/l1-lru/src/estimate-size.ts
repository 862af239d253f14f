/** Per-object overhead charged for arrays, objects, maps and sets. */
const OBJECT_BYTES = 16;
/** Per-slot cost of a number, boolean, null, undefined or reference. */
const SLOT_BYTES = 8;
/** Deeper structure than this is charged a flat slot instead of walked. */
const MAX_DEPTH = 16;

/**
 * A cheap estimate of the bytes a live value holds, for `maxBytes`: strings count 2 bytes per
 * UTF-16 code unit, numbers, booleans and null 8, byte arrays and ArrayBuffers their byteLength,
 * arrays, plain objects, Maps and Sets 16 plus their fields and elements. Each object is counted
 * once (shared and cyclic references are free after the first), and nesting deeper than 16
 * levels is charged 8 bytes. It is an estimate, not V8's real heap use.
 *
 * @example
 * ```ts
 * estimateSize('abc'); // 6
 * estimateSize({ id: 1 }); // 16 + 4 + 8 = 28
 * ```
 */
export function estimateSize(value: unknown): number {
  return sizeWithin(value, 0, new Set());
}

function sizeWithin(value: unknown, depth: number, seen: Set<object>): number {
  switch (typeof value) {
    case 'string':
      return value.length * 2;
    case 'bigint':
      return 16;
    case 'object':
      break;
    default:
      return SLOT_BYTES;
  }
  if (value === null) return SLOT_BYTES;
  if (seen.has(value) || depth >= MAX_DEPTH) return SLOT_BYTES;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return OBJECT_BYTES + value.byteLength;
  if (value instanceof ArrayBuffer) return OBJECT_BYTES + value.byteLength;
  let total = OBJECT_BYTES;
  if (Array.isArray(value)) {
    for (const item of value) total += sizeWithin(item, depth + 1, seen);
  } else if (value instanceof Map) {
    for (const [key, item] of value) {
      total += sizeWithin(key, depth + 1, seen) + sizeWithin(item, depth + 1, seen);
    }
  } else if (value instanceof Set) {
    for (const item of value) total += sizeWithin(item, depth + 1, seen);
  } else {
    for (const key in value) {
      if (Object.hasOwn(value, key)) {
        total +=
          key.length * 2 + sizeWithin((value as Record<string, unknown>)[key], depth + 1, seen);
      }
    }
  }
  return total;
}
