/**
 * The tags of the lossless encoding. A tagged value is a JSON object with exactly one key, the tag;
 * keys of the user's own objects that start with `$` are written with one more `$` in front, so
 * they can never be taken for a tag. Part of the stored format: never rename one.
 */
export const TAG = {
  date: '$date',
  map: '$map',
  set: '$set',
  bigint: '$bigint',
  bytes: '$bytes',
  buffer: '$buffer',
  undefined: '$undefined',
  number: '$number',
} as const;

/** The longest nesting either direction accepts unless told otherwise. */
export const DEFAULT_MAX_DEPTH = 1000;
