/**
 * A compiled Redis-style glob. `test` runs in O(pattern × key) time at worst, with no regular
 * expression behind it, so a hostile pattern cannot block the event loop.
 *
 * @example
 * ```ts
 * const matcher: GlobMatcher = compileGlob('user:*');
 * matcher.test('user:42'); // true
 * ```
 */
export interface GlobMatcher {
  /** The glob this matcher was compiled from. */
  readonly source: string;
  /** Whether the whole key matches the glob, exactly as Redis `SCAN … MATCH` decides. */
  test(key: string): boolean;
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;
/** Redis gives up (no match) on a pattern that recurses through more than this many stars. */
const MAX_STAR_NESTING = 1000;

/** One key byte: a literal byte, or a set of the 256 byte values (`?`, `[...]`). */
type Token = number | Uint8Array;

/** The tokens between two runs of stars, with the Shift-And tables middle segments search with. */
interface Segment {
  readonly tokens: readonly Token[];
  readonly words: number;
  /** For each byte value, `words` 32-bit masks of the token positions that accept it. */
  readonly masks: Int32Array;
  /** Scratch state, reused: `test` runs to completion before anyone else can call it. */
  readonly state: Int32Array;
}

const ANY_BYTE: Uint8Array = new Uint8Array(256).fill(1);
const NO_MASKS = new Int32Array(0);
const encoder = new TextEncoder();

/**
 * Compiles a Redis glob once into a matcher with the semantics of Redis `stringmatchlen` as
 * `SCAN … MATCH` uses it, byte for byte over UTF-8: `*`, `?`, `[abc]`, `[^a]`, ranges (reversed
 * ones too: `[z-a]` is `[a-z]`), `\` escapes inside and outside brackets (`[\]]`, `[a\-z]`), an
 * unterminated `[` taking the rest of the pattern as its set, a trailing `\` matching itself.
 *
 * @example
 * ```ts
 * const matcher = compileGlob('user:[0-9]*');
 * matcher.test('user:42'); // true
 * matcher.test('user:me'); // false
 * ```
 */
export function compileGlob(glob: string): GlobMatcher {
  const segments = parseSegments(encoder.encode(glob)).map((tokens, index, all) =>
    toSegment(tokens, index > 0 && index < all.length - 1),
  );
  const starred = segments.length > 1;
  // Redis stops recursing at its 1001st run of stars: past it, nothing matches.
  const neverMatches = (segments[MAX_STAR_NESTING + 1]?.tokens.length ?? 0) > 0;
  let minLength = 0;
  for (const segment of segments) minLength += segment.tokens.length;
  const matchAll = glob === '*';
  const emptyMatches = glob === '' || matchAll;

  return {
    source: glob,
    test: function testGlob(key: string): boolean {
      if (key.length === 0) return emptyMatches;
      if (matchAll) return true;
      if (neverMatches) return false;
      const bytes = isAscii(key) ? null : encoder.encode(key);
      const length = bytes === null ? key.length : bytes.length;
      if (length < minLength) return false;
      if (!starred) return length === minLength && matchesAt(segments[0]!.tokens, key, bytes, 0);
      return matchStarred(segments, key, bytes, length);
    },
  };
}

/**
 * @deprecated Use {@link compileGlob}: despite its name this returns a linear {@link GlobMatcher},
 * not a `RegExp`; only `.test` and `.source` remain.
 *
 * @example
 * ```ts
 * globToRegExp('user:*').test('user:42'); // true
 * ```
 */
export function globToRegExp(glob: string): GlobMatcher {
  return compileGlob(glob);
}

/** Splits the glob at its runs of `*`: a key matches when the segments appear in order. */
function parseSegments(pattern: Uint8Array): Token[][] {
  const segments: Token[][] = [[]];
  const end = pattern.length;
  let p = 0;
  while (p < end) {
    const byte = pattern[p]!;
    if (byte === STAR) {
      while (pattern[p] === STAR) p++;
      segments.push([]);
      continue;
    }
    const segment = segments[segments.length - 1]!;
    if (byte === QUESTION) {
      segment.push(ANY_BYTE);
      p++;
    } else if (byte === OPEN) {
      p = parseClass(pattern, p + 1, segment);
    } else {
      if (byte === BACKSLASH && end - p >= 2) p++;
      segment.push(pattern[p]!);
      p++;
    }
  }
  return segments;
}

/**
 * Reads a `[...]` set starting after the `[` the way Redis walks it (the walk never depends on
 * the key, so it can run once), pushes the set and returns where the pattern resumes.
 */
function parseClass(pattern: Uint8Array, start: number, segment: Token[]): number {
  const end = pattern.length;
  const set = new Uint8Array(256);
  let p = start;
  const negate = p < end && pattern[p] === CARET;
  if (negate) p++;
  for (;;) {
    const left = end - p;
    const byte = left > 0 ? pattern[p]! : 0;
    if (byte === BACKSLASH && left >= 2) {
      p++;
      set[pattern[p]!] = 1;
    } else if (byte === CLOSE && left > 0) {
      break;
    } else if (left === 0) {
      p--;
      break;
    } else if (left >= 3 && pattern[p + 1] === DASH) {
      addRange(set, pattern[p]!, pattern[p + 2]!);
      p += 2;
    } else {
      set[byte] = 1;
    }
    p++;
  }
  if (negate) for (let i = 0; i < 256; i++) set[i] = set[i] === 1 ? 0 : 1;
  segment.push(set);
  return p + 1;
}

function toSegment(tokens: Token[], searched: boolean): Segment {
  if (!searched) return { tokens, words: 0, masks: NO_MASKS, state: NO_MASKS };
  const words = Math.ceil(tokens.length / 32);
  const masks = new Int32Array(256 * words);
  tokens.forEach((token, position) => {
    const word = position >> 5;
    const bit = 1 << (position & 31);
    for (let byte = 0; byte < 256; byte++) {
      if (typeof token === 'number' ? token === byte : token[byte] === 1) {
        const index = byte * words + word;
        masks[index] = masks[index]! | bit;
      }
    }
  });
  return { tokens, words, masks, state: new Int32Array(words) };
}

/** Redis compares range bounds as C `char`, signed on the platforms it ships for. */
function addRange(set: Uint8Array, from: number, to: number): void {
  const low = Math.min(signed(from), signed(to));
  const high = Math.max(signed(from), signed(to));
  for (let value = 0; value < 256; value++) {
    const s = signed(value);
    if (s >= low && s <= high) set[value] = 1;
  }
}

function signed(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The head is anchored at the start, the tail at the end, and each middle segment takes its
 * leftmost place: leftmost placement leaves the most room for what follows, so it never misses a
 * match, and no placement is revisited.
 */
function matchStarred(
  segments: readonly Segment[],
  key: string,
  bytes: Uint8Array | null,
  length: number,
): boolean {
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;
  if (!matchesAt(head.tokens, key, bytes, 0)) return false;
  const tailStart = length - tail.tokens.length;
  if (!matchesAt(tail.tokens, key, bytes, tailStart)) return false;
  let position = head.tokens.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const end = findEnd(segments[i]!, key, bytes, position, tailStart);
    if (end === -1) return false;
    position = end;
  }
  return true;
}

function matchesAt(
  tokens: readonly Token[],
  key: string,
  bytes: Uint8Array | null,
  at: number,
): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const byte = bytes === null ? key.charCodeAt(at + i) : bytes[at + i]!;
    const token = tokens[i]!;
    if (typeof token === 'number' ? token !== byte : token[byte] !== 1) return false;
  }
  return true;
}

/**
 * Where the leftmost occurrence of the segment within key[from, to) ends, or -1. Shift-And runs
 * every candidate start at once, one pass over the key: O(key × segment / 32).
 */
function findEnd(
  segment: Segment,
  key: string,
  bytes: Uint8Array | null,
  from: number,
  to: number,
): number {
  const { words, masks, state } = segment;
  const length = segment.tokens.length;
  if (length === 0) return from;
  const lastWord = words - 1;
  const lastBit = 1 << ((length - 1) % 32);
  state.fill(0);
  for (let at = from; at < to; at++) {
    const base = (bytes === null ? key.charCodeAt(at) : bytes[at]!) * words;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const previous = state[w]!;
      state[w] = ((previous << 1) | carry) & masks[base + w]!;
      carry = previous >>> 31;
    }
    if ((state[lastWord]! & lastBit) !== 0) return at + 1;
  }
  return -1;
}
